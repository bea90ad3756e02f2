// GET /values/export.csv|.xlsx: the values of each document's current run, with the filters
// of `baocao values` (db/values.ts), for analysts who take the figures elsewhere.
import { listCurrentValues, type ValueFilters } from '../../db/values.ts';
import { valueStatus, type StoredValueStatus } from '../../db/schema.ts';
import type { WebRoutes } from '../deps.ts';
import { contentDisposition } from '../download.ts';
import { CSV_CONTENT_TYPE, valuesCsv, valuesXlsx, XLSX_CONTENT_TYPE, type ExportFormat } from '../export.ts';

const VALUES_QUERY = {
  type: 'object',
  properties: {
    province: { type: 'string', pattern: '^(\\d{2})?$' },
    /** A key (2025-H1) or a label ("6 tháng đầu năm 2025"), as db/values.ts takes it. */
    period: { type: 'string', maxLength: 60 },
    /** An indicator id (NV01) or a group (nhiem_vu). */
    indicator: { type: 'string', pattern: '^([A-Za-z]{2}[0-9]{2}|[a-z_]{1,40})?$' },
    status: { type: 'string', enum: ['', ...valueStatus.enumValues] },
  },
} as const;

interface ValuesQuery {
  province?: string;
  period?: string;
  indicator?: string;
  status?: string;
}

export const valueExportRoutes: WebRoutes = async (app, deps) => {
  for (const format of ['csv', 'xlsx'] as ExportFormat[]) {
    app.get<{ Querystring: ValuesQuery }>(
      `/values/export.${format}`,
      { config: { access: { permission: 'values.export' } }, schema: { querystring: VALUES_QUERY } },
      async (request, reply) => {
        const q = request.query;
        // A blank field (a form left empty) is no filter.
        const filters: ValueFilters = {};
        if (q.province) filters.province = q.province;
        if (q.period?.trim()) filters.period = q.period.trim();
        if (q.indicator) filters.indicator = q.indicator;
        if (q.status) filters.status = q.status as StoredValueStatus;
        const rows = await listCurrentValues(deps.db, filters);
        request.log.info({ filters, rows: rows.length, format, by: request.auth!.user.username }, 'values exported');
        const parts = [filters.province, filters.period, filters.indicator, filters.status].filter((p): p is string => Boolean(p));
        const name = `Số liệu${parts.length > 0 ? ` ${parts.join(' ')}` : ''}.${format}`;
        reply.header('content-disposition', contentDisposition(name, `so-lieu${parts.map((p) => `_${p}`).join('')}.${format}`));
        if (format === 'csv') return reply.type(CSV_CONTENT_TYPE).send(valuesCsv(rows));
        return reply.type(XLSX_CONTENT_TYPE).send(await valuesXlsx(rows));
      },
    );
  }
};
