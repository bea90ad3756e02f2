// Every route module of the application, registered in this order by buildServer. A new page
// or API: a file here exporting a WebRoutes plugin whose routes each declare config.access
// (the guard refuses to start otherwise), added to this list.
import type { WebRoutes } from '../deps.ts';
import { adminRoutes } from './admin.ts';
import { authRoutes } from './auth.ts';
import { documentPageRoutes } from './document-pages.ts';
import { documentRoutes } from './documents.ts';
import { indicatorPageRoutes } from './indicator-pages.ts';
import { kpiPageRoutes } from './kpi-pages.ts';
import { provincePageRoutes } from './province-pages.ts';
import { reviewApiRoutes } from './review-api.ts';
import { reviewPageRoutes } from './review-pages.ts';
import { submissionRoutes } from './submissions.ts';
import { valueExportRoutes } from './value-exports.ts';

export const ROUTES: WebRoutes[] = [
  authRoutes,
  reviewApiRoutes,
  reviewPageRoutes,
  documentRoutes,
  documentPageRoutes,
  indicatorPageRoutes,
  provincePageRoutes,
  kpiPageRoutes,
  valueExportRoutes,
  adminRoutes,
  submissionRoutes,
];
