export type {
  AttrPath,
  CompareNode,
  CompareOp,
  FilterLimits,
  FilterNode,
  FilterValue,
  LogicalNode,
  NotNode,
  PresentNode,
  ValuePathNode,
} from './filter.ast';
export { COMPARE_OPS } from './filter.ast';
export { DEFAULT_FILTER_LIMITS, parseFilter } from './filter.parser';
export { formatFilter, formatPath, formatValue } from './filter.formatter';
export { NEVIS_USER_EXTENSION_URN } from './attr-name.rules';
