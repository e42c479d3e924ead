export { applyPatch, inOperation } from './patch.applier';
export type { PatchOperation, PatchOpName, PatchOptions, PatchResult } from './patch.types';
export { STRICT_PATCH_OPTIONS } from './patch.types';
