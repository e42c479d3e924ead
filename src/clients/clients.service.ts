import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { ScimError } from '../scim/errors/scim-error';
import { unknownPolicyPaths } from '../scim/policy/mandatory-attributes';
import { SchemaRegistry } from '../scim/schema/schema.registry';
import {
  effectiveSettings,
  mergeOverrides,
  type ClientSettings,
  type ClientSettingsOverrides,
} from './client-settings';
import type { ClientSettingsDto } from './dto/client-settings.dto';
import type { CreateClientDto, UpdateClientDto } from './dto/client.dto';
import { ClientEntity } from './entities/client.entity';
import { UnitEntity } from './entities/unit.entity';
import { CatalogueReferences } from './catalogue/catalogue-references';

/** Names that would collide with SCIM endpoints in `/scim/v2/{clientExtId}` (API.md §1). */
const RESERVED_EXT_IDS = new Set(
  ['ServiceProviderConfig', 'Schemas', 'ResourceTypes', 'Bulk', 'Users', 'Groups', 'Me'].map((n) =>
    n.toLowerCase(),
  ),
);

export interface ClientRecord {
  entity: ClientEntity;
  settings: ClientSettings;
  userCount: number;
}

/** Tenants and their settings (the admin API's rules). */
@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchemaRegistry,
    private readonly references: CatalogueReferences,
  ) {}

  static settingsOf(entity: ClientEntity): ClientSettings {
    return effectiveSettings(parseOverrides(entity.settings));
  }

  async create(dto: CreateClientDto): Promise<ClientRecord> {
    if (RESERVED_EXT_IDS.has(dto.extId.toLowerCase())) {
      throw ScimError.invalidValue(`extId '${dto.extId}' is reserved (it names a SCIM endpoint)`);
    }
    if (await this.findByExtId(dto.extId))
      throw ScimError.uniqueness(`A client with extId '${dto.extId}' exists`);
    const overrides = this.validatedOverrides({}, dto.settings);
    if (typeof dto.settings?.defaultUnitExtId === 'string') {
      throw ScimError.policy(
        `settings.defaultUnitExtId: client '${dto.extId}' has no units yet; create the unit, then set the setting`,
      );
    }
    const now = new Date();
    try {
      await this.clients.insert({
        extId: dto.extId,
        name: dto.name,
        description: dto.description ?? null,
        state: 'active',
        userCount: 0,
        settings: JSON.stringify(overrides),
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw ScimError.uniqueness(`A client with extId '${dto.extId}' exists`);
      throw err;
    }
    return this.get(dto.extId);
  }

  async list(offset: number, limit: number): Promise<{ total: number; items: ClientRecord[] }> {
    const [entities, total] = await this.clients.findAndCount({
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return {
      total,
      items: entities.map((entity) => ({
        entity,
        settings: ClientsService.settingsOf(entity),
        userCount: entity.userCount,
      })),
    };
  }

  async get(extId: string): Promise<ClientRecord> {
    const entity = await this.findByExtId(extId);
    if (!entity) throw ScimError.notFound(`Client '${extId}' not found`);
    return { entity, settings: ClientsService.settingsOf(entity), userCount: entity.userCount };
  }

  async update(extId: string, dto: UpdateClientDto): Promise<ClientRecord> {
    const entity = await this.findByExtId(extId);
    if (!entity) throw ScimError.notFound(`Client '${extId}' not found`);
    const overrides = this.validatedOverrides(parseOverrides(entity.settings), dto.settings);
    const defaultUnit = dto.settings?.defaultUnitExtId;
    if (
      typeof defaultUnit === 'string' &&
      !(await this.clients.manager.exists(UnitEntity, { where: { clientId: entity.id, extId: defaultUnit } }))
    ) {
      throw ScimError.policy(
        `settings.defaultUnitExtId: there is no unit '${defaultUnit}' in client '${extId}'`,
      );
    }
    await this.clients.update(
      { id: entity.id },
      {
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        ...(dto.state !== undefined ? { state: dto.state } : {}),
        settings: JSON.stringify(overrides),
        updatedAt: new Date(),
      },
    );
    return this.get(extId);
  }

  /** Deletes the client and, through the foreign keys' cascades, all of its data. */
  async delete(extId: string, confirm: string): Promise<void> {
    const entity = await this.findByExtId(extId);
    if (!entity) throw ScimError.notFound(`Client '${extId}' not found`);
    if (confirm !== entity.extId) {
      throw ScimError.invalidValue(`Deleting a client needs ?confirm=${entity.extId} (its extId, exactly)`);
    }
    await this.clients.manager.transaction(async (m) => {
      await this.references.clearUserReferences(m, entity.id);
      await m.delete(ClientEntity, { id: entity.id });
    });
  }

  /** Exact extId match (the column's collation is binary). */
  findByExtId(extId: string): Promise<ClientEntity | null> {
    return this.clients.findOne({ where: { extId } });
  }

  private validatedOverrides(
    current: ClientSettingsOverrides,
    change: ClientSettingsDto | undefined,
  ): ClientSettingsOverrides {
    const merged = change ? mergeOverrides(current, change as Record<string, unknown>) : current;
    const settings = effectiveSettings(merged);
    const unknown = unknownPolicyPaths(this.registry, settings.mandatoryAttributes);
    if (unknown.length > 0) {
      throw ScimError.invalidValue(
        `settings.mandatoryAttributes names attributes a client cannot require: ${unknown.join(', ')}`,
      );
    }
    if (settings.bulkMaxPayloadSize > this.config.bulkBodyLimitBytes) {
      throw ScimError.invalidValue(
        `settings.bulkMaxPayloadSize (${settings.bulkMaxPayloadSize}) must not exceed the server's BULK_BODY_LIMIT_BYTES (${this.config.bulkBodyLimitBytes})`,
      );
    }
    if (settings.defaultPageSize > settings.maxPageSize) {
      throw ScimError.invalidValue(
        `settings.defaultPageSize (${settings.defaultPageSize}) must not exceed settings.maxPageSize (${settings.maxPageSize})`,
      );
    }
    return merged;
  }
}

function parseOverrides(json: string): ClientSettingsOverrides {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** A unique-index violation on MariaDB/MySQL (ER_DUP_ENTRY) or SQLite. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
