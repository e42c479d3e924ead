import { ScimError } from '../../scim/errors/scim-error';
import { parseFilter } from '../../scim/filter';
import type { SchemaRegistry } from '../../scim/schema/schema.registry';
import { resolveUserPath, type SqlFragment } from './user-filter.compiler';

/** A sort key: an SQL expression over `users u` and its direction. Ties are always broken by `u.id`. */
export interface SortKey {
  expr: string;
  params: Record<string, unknown>;
  descending: boolean;
}

/**
 * `sortBy` (RFC 7644 §3.4.2.3): any singular attribute, or a multi-valued one by its primary (else first)
 * element. Case-insensitive attributes sort by their normalised form. Missing values sort as the greatest:
 * last when ascending, first when descending.
 */
export function compileSort(
  registry: SchemaRegistry,
  sortBy: string | undefined,
  sortOrder: string | undefined,
): SortKey | undefined {
  const descending = sortOrder === 'descending';
  if (sortBy === undefined || sortBy.trim() === '') {
    return descending ? { expr: 'u.id', params: {}, descending } : undefined;
  }
  const invalid = (detail: string) => ScimError.invalidValue(`sortBy: ${detail}`);
  // The filter parser reads attribute paths (URN-qualified, case-insensitive) with the same rules.
  let path;
  try {
    const node = parseFilter(`${sortBy.trim()} pr`);
    if (node.kind !== 'present') throw invalid(`'${sortBy}' is not an attribute path`);
    path = node.path;
  } catch (err) {
    if (err instanceof ScimError && err.scimType === 'invalidFilter') {
      throw invalid(`'${sortBy}' is not an attribute path`);
    }
    throw err;
  }
  const r = resolveUserPath(registry, path, invalid);
  switch (r.kind) {
    case 'column': {
      const col = `u.\`${r.column.column}\``;
      return { expr: r.column.match === 'lower' ? `LOWER(${col})` : col, params: {}, descending };
    }
    case 'child': {
      const value = r.column.match === 'lower' ? `LOWER(c.${r.column.column})` : `c.\`${r.column.column}\``;
      const scope: SqlFragment = r.table.attribute
        ? { sql: ' AND c.attribute = :sortAttribute', params: { sortAttribute: r.table.attribute } }
        : { sql: '', params: {} };
      return {
        expr: `(SELECT ${value} FROM ${r.table.table} c WHERE c.user_id = u.id${scope.sql} ORDER BY c.\`primary\` DESC, c.position ASC LIMIT 1)`,
        params: scope.params,
        descending,
      };
    }
    case 'columns':
    case 'childTable':
      throw invalid(`'${sortBy}' is complex: sort by one of its sub-attributes`);
    case 'property':
      throw invalid(`'${sortBy}' is a custom property: sorting by custom properties is not supported`);
    case 'constant':
    case 'empty':
      return descending ? { expr: 'u.id', params: {}, descending } : undefined;
  }
}
