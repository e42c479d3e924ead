import { InitialSchema1795700000000 } from './1795700000000-initial-schema';
import { NameNormColumns1795700100000 } from './1795700100000-name-norm-columns';
import { ClientCatalogue1795700200000 } from './1795700200000-client-catalogue';
import { NevisUserAttributes1795700300000 } from './1795700300000-nevis-user-attributes';
import { NevisUserModel1795700400000 } from './1795700400000-nevis-user-model';

/** Migrations in order, listed explicitly. */
export const MIGRATIONS = [
  InitialSchema1795700000000,
  NameNormColumns1795700100000,
  ClientCatalogue1795700200000,
  NevisUserAttributes1795700300000,
  NevisUserModel1795700400000,
];
