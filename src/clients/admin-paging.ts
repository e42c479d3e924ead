import type { PageQueryDto } from './dto/client.dto';

/** A page of the admin API: `offset` (default 0) and `limit` (default 100) with the total. */
export interface AdminPage<V> {
  total: number;
  offset: number;
  limit: number;
  items: V[];
}

/** Loads one page for an admin list route and renders its items. */
export async function adminPage<E, V>(
  q: PageQueryDto,
  load: (offset: number, limit: number) => Promise<{ total: number; items: E[] }>,
  view: (item: E) => V,
): Promise<AdminPage<V>> {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  const page = await load(offset, limit);
  return { total: page.total, offset, limit, items: page.items.map(view) };
}
