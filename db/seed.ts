// Seeds the catalogue tables (provinces, their aliases, indicators) from the CSV catalogue.
// Idempotent: every row is an upsert, so it runs on every start.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { indicators as catalogueIndicators, provinces as catalogueProvinces, type Province } from '../extractors/catalogue.ts';
import type { Database } from './client.ts';
import { indicators, provinceAliases, provinces, type NewProvinceAliasRow } from './schema.ts';

/** `excluded.<column>`: the value the conflicting INSERT proposed. */
function excluded(column: PgColumn): SQL {
  return sql.raw(`excluded."${column.name}"`);
}

/**
 * Every name a unit may be written under, NFC: each pre-2025 province name with its old
 * code, then the unit's current name and short name. A current name that is also an old
 * name (e.g. "Bắc Ninh", old code 27) keeps its old code; other current names get
 * old_code = the unit's own code when the unit existed before 2025 under that code
 * (e.g. "Thành phố Huế" -> 46), else null.
 */
export function provinceAliasRows(units: Province[]): NewProvinceAliasRow[] {
  const rows = new Map<string, NewProvinceAliasRow>();
  const add = (row: NewProvinceAliasRow) => {
    const alias = row.alias.normalize('NFC').trim();
    const existing = rows.get(alias);
    if (existing && existing.provinceCode !== row.provinceCode) {
      throw new Error(`province alias "${alias}" names both ${existing.provinceCode} and ${row.provinceCode}`);
    }
    if (!existing) rows.set(alias, { ...row, alias });
  };
  for (const unit of units) {
    for (const old of unit.formedFrom) add({ provinceCode: unit.code, alias: old.name, oldCode: old.code });
  }
  for (const unit of units) {
    const ownOldCode = unit.formedFrom.some((old) => old.code === unit.code) ? unit.code : null;
    add({ provinceCode: unit.code, alias: unit.name, oldCode: ownOldCode });
    add({ provinceCode: unit.code, alias: unit.shortName, oldCode: ownOldCode });
  }
  return [...rows.values()];
}

export async function seedCatalogue(db: Database): Promise<{ provinces: number; aliases: number; indicators: number }> {
  const units = catalogueProvinces();
  const aliasRows = provinceAliasRows(units);
  const indicatorRows = catalogueIndicators().map((i) => ({
    id: i.id,
    groupId: i.group,
    nameVi: i.nameVi,
    nameEn: i.nameEn,
    unit: i.unit,
    kind: i.kind,
    measure: i.measure,
    form: i.form,
  }));

  await db.transaction(async (tx) => {
    await tx
      .insert(provinces)
      .values(units.map((u) => ({ code: u.code, name: u.name, shortName: u.shortName, unitType: u.unitType })))
      .onConflictDoUpdate({
        target: provinces.code,
        set: {
          name: excluded(provinces.name),
          shortName: excluded(provinces.shortName),
          unitType: excluded(provinces.unitType),
        },
      });
    await tx
      .insert(provinceAliases)
      .values(aliasRows)
      .onConflictDoUpdate({
        target: provinceAliases.alias,
        set: { provinceCode: excluded(provinceAliases.provinceCode), oldCode: excluded(provinceAliases.oldCode) },
      });
    await tx
      .insert(indicators)
      .values(indicatorRows)
      .onConflictDoUpdate({
        target: indicators.id,
        set: {
          groupId: excluded(indicators.groupId),
          nameVi: excluded(indicators.nameVi),
          nameEn: excluded(indicators.nameEn),
          unit: excluded(indicators.unit),
          kind: excluded(indicators.kind),
          measure: excluded(indicators.measure),
          form: excluded(indicators.form),
        },
      });
  });

  return { provinces: units.length, aliases: aliasRows.length, indicators: indicatorRows.length };
}
