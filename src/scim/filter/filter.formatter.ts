import { AttrPath, FilterNode, FilterValue, LogicalNode } from './filter.ast';

/**
 * Prints a filter tree as canonical RFC 7644 §3.4.2.2 text: lower-case operators, single spaces, JSON values,
 * and parentheses exactly where the tree's shape needs them (`and` binds tighter than `or`; both are
 * left-associative). `parseFilter(formatFilter(t))` gives `t` back, positions aside. A parsed
 * `emails[type eq "work"].value eq "x"` prints as `emails[type eq "work" and value eq "x"]`, its meaning.
 */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return formatLogical(node);
    case 'not':
      return `not (${formatFilter(node.expr)})`;
    case 'compare':
      return `${formatPath(node.path)} ${node.op} ${formatValue(node.value)}`;
    case 'present':
      return `${formatPath(node.path)} pr`;
    case 'valuePath':
      return `${formatPath(node.path)}[${formatFilter(node.filter)}]`;
  }
}

export function formatPath(path: Pick<AttrPath, 'uri' | 'attr' | 'sub'>): string {
  const name = path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`;
  return path.uri === undefined ? name : `${path.uri}:${name}`;
}

export function formatValue(value: FilterValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return String(value);
}

/**
 * Walks the left spine of a chain (`a or b or c` is `or(or(a, b), c)`) in a loop, so that a chain as long as
 * `maxTerms` allows does not cost one stack frame per term.
 */
function formatLogical(node: LogicalNode): string {
  const rights: FilterNode[] = [];
  let leftmost: FilterNode = node;
  while (leftmost.kind === node.kind) {
    rights.push(leftmost.right);
    leftmost = leftmost.left;
  }
  const parts = [wrap(leftmost, node.kind === 'and' && leftmost.kind === 'or')];
  for (let i = rights.length - 1; i >= 0; i--) {
    const right = rights[i];
    // A right operand of the same kind, or an `or` under an `and`, was parenthesised in the source.
    parts.push(wrap(right, right.kind === node.kind || right.kind === 'or'));
  }
  return parts.join(` ${node.kind} `);
}

function wrap(node: FilterNode, parenthesise: boolean): string {
  const text = formatFilter(node);
  return parenthesise ? `(${text})` : text;
}
