import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Raw, Repository } from 'typeorm';
import { isDuplicateKey } from '../clients.service';
import { ScimError } from '../../scim/errors/scim-error';
import type {
  CreatePropertyDefinitionDto,
  UpdatePropertyDefinitionDto,
} from '../dto/property-definition.dto';
import type { ClientEntity } from '../entities/client.entity';
import { PropertyDefinitionEntity } from '../entities/property-definition.entity';
import { CatalogueReferences, isUsed, usageText } from './catalogue-references';
import { insertUnique, present, type Page } from './catalogue.support';
import {
  isPropertyScope,
  PROPERTY_SCOPES,
  propertyNameProblem,
  propertyRuleProblems,
  type PropertyRule,
  type PropertyScope,
  type PropertyValue,
} from './property-definition.rules';

/** The rule a stored definition puts on values. */
export function propertyRuleOf(definition: PropertyDefinitionEntity): PropertyRule {
  return {
    type: definition.type,
    maxLength: definition.maxLength,
    pattern: definition.pattern,
    allowedValues:
      definition.allowedValues === null ? null : (JSON.parse(definition.allowedValues) as PropertyValue[]),
  };
}

/** A scope from an admin path; 400 naming the allowed ones otherwise. */
export function parseScope(text: string): PropertyScope {
  if (!isPropertyScope(text))
    throw ScimError.invalidValue(`scope '${text}' must be one of ${PROPERTY_SCOPES.join(', ')}`);
  return text;
}

const invalid = (problems: string[]): ScimError => ScimError.invalidValue(problems.join('; '));

/**
 * The custom property definitions of a client's catalogue (USER-SCHEMA.md §3.4). Names are unique per client
 * and scope regardless of case (SCIM attribute names are case-insensitive, RFC 7643 §2.1), so lookups by
 * name are case-insensitive too and answer with the stored spelling.
 */
@Injectable()
export class PropertyDefinitionsService {
  constructor(
    @InjectRepository(PropertyDefinitionEntity)
    private readonly definitions: Repository<PropertyDefinitionEntity>,
    private readonly references: CatalogueReferences,
  ) {}

  async list(
    client: ClientEntity,
    offset: number,
    limit: number,
    scope?: PropertyScope,
  ): Promise<Page<PropertyDefinitionEntity>> {
    const [items, total] = await this.definitions.findAndCount({
      where: { clientId: client.id, ...(scope !== undefined ? { scope } : {}) },
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { total, items };
  }

  async get(client: ClientEntity, scope: PropertyScope, name: string): Promise<PropertyDefinitionEntity> {
    const definition = await this.find(client, scope, name);
    if (!definition) throw ScimError.notFound(`Property definition '${name}' of scope ${scope} not found`);
    return definition;
  }

  async create(client: ClientEntity, dto: CreatePropertyDefinitionDto): Promise<PropertyDefinitionEntity> {
    const rule = {
      type: dto.type,
      maxLength: dto.maxLength ?? null,
      pattern: dto.pattern ?? null,
      allowedValues: dto.allowedValues ?? null,
    };
    const nameProblem = propertyNameProblem(dto.name);
    const problems = [...(nameProblem ? [nameProblem] : []), ...propertyRuleProblems(rule)];
    if (problems.length > 0) throw invalid(problems);
    const duplicate = (existing = dto.name) =>
      ScimError.uniqueness(`A property definition '${existing}' of scope ${dto.scope} exists`);
    const existing = await this.find(client, dto.scope, dto.name);
    if (existing) throw duplicate(existing.name);
    const now = new Date();
    const row = this.definitions.create({
      clientId: client.id,
      name: dto.name,
      scope: dto.scope,
      type: rule.type,
      maxLength: rule.maxLength,
      pattern: rule.pattern,
      allowedValues: rule.allowedValues === null ? null : JSON.stringify(rule.allowedValues),
      required: dto.required ?? false,
      uniquePerClient: dto.unique ?? false,
      description: dto.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await insertUnique(this.definitions, row, duplicate);
    return this.get(client, dto.scope, dto.name);
  }

  /**
   * Changes the rule, flags or description; the resulting definition is checked as a whole (a type change
   * can make a kept `maxLength` or allowed value invalid). Retyping a definition that has values: 409.
   */
  async update(
    client: ClientEntity,
    scope: PropertyScope,
    name: string,
    dto: UpdatePropertyDefinitionDto,
  ): Promise<PropertyDefinitionEntity> {
    const definition = await this.get(client, scope, name);
    const current = propertyRuleOf(definition);
    const rule = {
      type: dto.type ?? current.type,
      maxLength: dto.maxLength === undefined ? current.maxLength : dto.maxLength,
      pattern: dto.pattern === undefined ? current.pattern : dto.pattern,
      allowedValues: dto.allowedValues === undefined ? current.allowedValues : dto.allowedValues,
    };
    const problems = propertyRuleProblems(rule);
    if (problems.length > 0) throw invalid(problems);
    if (rule.type !== current.type) {
      const usage = await this.references.propertyDefinition(client.id, definition);
      if (isUsed(usage)) {
        throw ScimError.conflict(
          `Property definition '${definition.name}' cannot change its type: it has values on ${usageText(usage)}`,
        );
      }
    }
    const uniqueChanged = dto.unique !== undefined && dto.unique !== Boolean(definition.uniquePerClient);
    await this.definitions.manager.transaction(async (m) => {
      if (uniqueChanged) {
        await this.references
          .setUniqueKeys(m, client.id, definition.id, dto.unique!)
          .catch((err: unknown) => {
            if (!isDuplicateKey(err)) throw err;
            throw ScimError.conflict(
              `Property definition '${definition.name}' cannot become unique: two holders share a value`,
            );
          });
      }
      await m.update(
        PropertyDefinitionEntity,
        { id: definition.id, clientId: client.id },
        {
          ...present({
            type: dto.type,
            maxLength: dto.maxLength,
            pattern: dto.pattern,
            required: dto.required,
            uniquePerClient: dto.unique,
            description: dto.description,
          }),
          ...(dto.allowedValues !== undefined
            ? { allowedValues: dto.allowedValues === null ? null : JSON.stringify(dto.allowedValues) }
            : {}),
          updatedAt: new Date(),
        },
      );
    });
    return this.get(client, scope, definition.name);
  }

  /** Deletes a definition no user, profile or credential has a value of (CatalogueReferences); else 409. */
  async delete(client: ClientEntity, scope: PropertyScope, name: string): Promise<void> {
    const definition = await this.get(client, scope, name);
    const usage = await this.references.propertyDefinition(client.id, definition);
    if (isUsed(usage)) {
      throw ScimError.conflict(
        `Property definition '${definition.name}' is still referenced by ${usageText(usage)}`,
      );
    }
    await this.definitions.delete({ id: definition.id, clientId: client.id });
  }

  /** Case-insensitive name match within the client and scope. */
  find(client: ClientEntity, scope: PropertyScope, name: string): Promise<PropertyDefinitionEntity | null> {
    return this.definitions.findOne({
      where: {
        clientId: client.id,
        scope,
        name: Raw((column) => `LOWER(${column}) = :name`, { name: name.toLowerCase() }),
      },
    });
  }
}
