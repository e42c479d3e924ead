import { AttrPath, FilterNode } from './filter.ast';
import { formatValue } from './filter.formatter';

/**
 * Test-only: a compact, position-free rendering of a tree that shows its shape and the type of every value,
 * e.g. `(and (eq {urn:…:User}name.familyName "x") (pr title))`. Two trees that render alike are equal apart
 * from `pos` and `text`.
 */
export function sexpr(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${sexpr(node.left)} ${sexpr(node.right)})`;
    case 'not':
      return `(not ${sexpr(node.expr)})`;
    case 'compare':
      return `(${node.op} ${pathExpr(node.path)} ${formatValue(node.value)})`;
    case 'present':
      return `(pr ${pathExpr(node.path)})`;
    case 'valuePath':
      return `(vp ${pathExpr(node.path)} ${sexpr(node.filter)})`;
  }
}

export function pathExpr(path: Pick<AttrPath, 'uri' | 'attr' | 'sub'>): string {
  return `${path.uri === undefined ? '' : `{${path.uri}}`}${path.attr}${path.sub === undefined ? '' : `.${path.sub}`}`;
}

/** Mulberry32: a tiny seeded PRNG, so that randomised tests are reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
