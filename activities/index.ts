// The side effects of the pipeline, built from their dependencies. Temporal workers and the
// in-process runner use the same functions.
import type { Activities } from './contract.ts';
import type { ActivityDeps } from './deps.ts';
import { withQueryFailuresUnwrapped } from './failure-message.ts';
import { folderActivities } from './folder-activities.ts';
import { notificationActivities } from './notification-activities.ts';
import { reportActivities } from './report-activities.ts';
import { reviewActivities } from './review-activities.ts';
import { sourceActivities } from './source-activities.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(deps: ActivityDeps): Activities {
  return withQueryFailuresUnwrapped({
    ...reportActivities(deps),
    ...folderActivities(deps),
    ...sourceActivities(deps),
    ...notificationActivities(deps),
    ...reviewActivities(deps),
  });
}
