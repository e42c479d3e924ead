import { InitialSchema1795700000000 } from './1795700000000-initial-schema';

/** Migrations in order, listed explicitly. */
export const MIGRATIONS = [InitialSchema1795700000000];
