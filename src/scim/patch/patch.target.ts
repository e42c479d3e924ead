import { ScimError } from '../errors/scim-error';
import type { FilterNode } from '../filter/filter.ast';
import { formatFilter } from '../filter/filter.formatter';
import type { PatchPath } from '../path/path.parser';
import { SchemaRegistry } from '../schema/schema.registry';
import type { AttributeDef, SchemaDef } from '../schema/schema.types';
import { compileElementMatcher, type ElementMatcher } from './element.matcher';

/** A schema of the resource type: the base schema (attributes at the top level) or an extension (under its URN). */
export interface SchemaScope {
  schema: SchemaDef;
  core: boolean;
}

/** One segment of a resolved path: the attribute it names and, for `attr[filter]`, the compiled selector. */
export interface PatchStep {
  def: AttributeDef;
  filter?: FilterNode;
  matcher?: ElementMatcher;
  /** The canonical path up to this step, for messages: `emails[type eq "work"].value`, `urn:…:User:manager`. */
  display: string;
  /** The attribute or one it is part of is readOnly (`meta.version`, `groups[…].display`). */
  readOnly: boolean;
}

/** Where an operation applies: a schema and the attribute steps inside it (none: the whole schema). */
export interface PatchTarget {
  scope: SchemaScope;
  steps: readonly PatchStep[];
}

/**
 * Resolves a parsed path (RFC 7644 §3.10) against the registry: the URN names a schema of the resource type,
 * the first segment an attribute of that schema, and each further segment a sub-attribute of the complex
 * attribute before it. A `[ … ]` selector is allowed only on a multi-valued complex attribute, at any depth, so
 * nevisIDM's `profiles[…].authorizations[…].role` works as soon as a schema defines `authorizations` as a
 * multi-valued complex sub-attribute of `profiles`.
 *
 * An unknown schema or attribute is a 400 invalidPath with `unknown: 'refuse'` (a path), and gives undefined
 * with `unknown: 'ignore'` (a key of a pathless value, ignored like any unknown attribute in a body).
 * A structural error (a sub-attribute of a simple attribute, a filter on a singular one) is always invalidPath.
 */
export function resolveTarget(
  registry: SchemaRegistry,
  resourceType: string,
  path: PatchPath,
  unknown: 'refuse' | 'ignore',
  defaultScope?: SchemaScope,
): PatchTarget | undefined {
  const schemas = registry.schemasOf(resourceType);
  let scope = defaultScope ?? schemas[0];
  if (path.uri !== undefined) {
    const uri = path.uri.toLowerCase();
    const named = schemas.find((s) => s.schema.id.toLowerCase() === uri);
    if (!named) {
      if (unknown === 'ignore') return undefined;
      throw ScimError.invalidPath(`Unknown schema '${path.uri}'`);
    }
    scope = named;
  }

  const steps: PatchStep[] = [];
  let parent: PatchStep | undefined;
  let display = scope.core ? '' : `${scope.schema.id}:`;
  for (const segment of path.segments) {
    let def: AttributeDef | undefined;
    if (!parent) {
      def = scope.schema.attributes.find((a) => a.name.toLowerCase() === segment.attr.toLowerCase());
    } else {
      if (parent.def.type !== 'complex' || !parent.def.subAttributes) {
        throw ScimError.invalidPath(`'${parent.display}' has no sub-attributes`);
      }
      def = SchemaRegistry.findSubAttribute(parent.def, segment.attr);
      display += '.';
    }
    if (!def) {
      if (unknown === 'ignore') return undefined;
      throw ScimError.invalidPath(`Unknown attribute '${display}${segment.attr}'`);
    }
    display += def.name;
    const readOnly = def.mutability === 'readOnly' || parent?.readOnly === true;
    const step: PatchStep = { def, display, readOnly };
    if (segment.filter) {
      if (!def.multiValued || def.type !== 'complex') {
        throw ScimError.invalidPath(
          `'${display}' is not a multi-valued complex attribute, so it cannot take a '[ … ]' filter`,
        );
      }
      step.filter = segment.filter;
      step.matcher = compileElementMatcher(segment.filter, def, display);
      display += `[${formatFilter(segment.filter)}]`;
      step.display = display;
    }
    steps.push(step);
    parent = step;
  }
  return { scope, steps };
}
