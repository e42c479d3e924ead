export type { PatchPath, PatchPathSegment } from './path.parser';
export {
  MAX_PATCH_PATH_LENGTH,
  MAX_PATCH_PATH_SEGMENTS,
  PATCHABLE_SCHEMA_URNS,
  parsePatchPath,
} from './path.parser';
