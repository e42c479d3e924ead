import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DEFAULT_CLIENT_SETTINGS, type ClientSettings } from '../clients/client-settings';
import { ClientsService } from '../clients/clients.service';
import { ScimError } from '../scim/errors/scim-error';
import { SchemaRegistry } from '../scim/schema/schema.registry';
import type { AttributeDef, SchemaDef } from '../scim/schema/schema.types';
import { URN } from '../scim/schema/urns';
import { TenantSchemas } from '../clients/catalogue/tenant-schemas';

type Obj = Record<string, unknown>;

export interface DiscoveryPaging {
  startIndex?: number;
  count?: number;
}

/**
 * ServiceProviderConfig, Schemas and ResourceTypes (RFC 7643 §5–7), generated from the schema registry and
 * the tenant's effective settings. Every capability flag is true only when the feature works now.
 */
@Injectable()
export class DiscoveryService {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly clients: ClientsService,
    private readonly tenantSchemas: TenantSchemas,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The effective settings of a client for tenant-prefixed discovery; defaults for the global copies. */
  async settingsFor(clientExtId: string | undefined): Promise<ClientSettings> {
    if (clientExtId === undefined) return DEFAULT_CLIENT_SETTINGS;
    const client = await this.clients.findByExtId(clientExtId);
    if (!client || client.state !== 'active') throw ScimError.notFound(`Client '${clientExtId}' not found`);
    return ClientsService.settingsOf(client);
  }

  serviceProviderConfig(settings: ClientSettings, base: string, docsUri: string): Obj {
    return {
      schemas: [URN.serviceProviderConfig],
      documentationUri: docsUri,
      patch: { supported: true },
      bulk: {
        supported: false,
        maxOperations: settings.bulkMaxOperations,
        // The limit enforced is the smaller of the client's setting and the server's body limit.
        maxPayloadSize: Math.min(settings.bulkMaxPayloadSize, this.config.bulkBodyLimitBytes),
      },
      filter: { supported: true, maxResults: settings.maxPageSize },
      changePassword: { supported: true },
      sort: { supported: true },
      // RFC 9865 §5: both paging methods, index (startIndex) by default.
      pagination: {
        cursor: true,
        index: true,
        defaultPaginationMethod: 'index',
        defaultPageSize: settings.defaultPageSize,
        maxPageSize: settings.maxPageSize,
      },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: "Authentication with a client's bearer token, issued by the admin API",
          specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
          documentationUri: docsUri,
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
    };
  }

  /**
   * The schema registry under a client's prefix: its custom property definitions appear as sub-attributes
   * of the nevisIDM extension's `properties` (USER-SCHEMA.md §3.4); the global copy has open `properties`.
   */
  async registryFor(clientExtId: string | undefined): Promise<SchemaRegistry> {
    if (clientExtId === undefined) return this.registry;
    const client = await this.clients.findByExtId(clientExtId);
    if (!client || client.state !== 'active') throw ScimError.notFound(`Client '${clientExtId}' not found`);
    return this.tenantSchemas.registryFor({
      clientId: client.id,
      extId: client.extId,
      settings: ClientsService.settingsOf(client),
    });
  }

  schemas(registry: SchemaRegistry, base: string): Obj[] {
    return registry.schemas().map((s) => renderSchema(s, base));
  }

  schema(registry: SchemaRegistry, uri: string, base: string): Obj {
    const schema = registry.schema(uri);
    if (!schema) throw ScimError.notFound(`Schema '${uri}' not found`);
    return renderSchema(schema, base);
  }

  resourceTypes(base: string): Obj[] {
    return this.registry.resourceTypes().map((rt) => ({
      schemas: [URN.resourceType],
      id: rt.id,
      name: rt.name,
      endpoint: rt.endpoint,
      description: rt.description,
      schema: rt.schema,
      schemaExtensions: rt.schemaExtensions.map((e) => ({ schema: e.schema, required: e.required })),
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rt.id}` },
    }));
  }

  resourceType(id: string, base: string): Obj {
    const found = this.resourceTypes(base).find((rt) => String(rt.id).toLowerCase() === id.toLowerCase());
    if (!found) throw ScimError.notFound(`ResourceType '${id}' not found`);
    return found;
  }

  /** A ListResponse of discovery resources honouring startIndex/count (RFC 7644 §4). */
  list(resources: Obj[], paging: DiscoveryPaging): Obj {
    const startIndex = Math.max(1, paging.startIndex ?? 1);
    const count = Math.max(0, paging.count ?? resources.length);
    const page = resources.slice(startIndex - 1, startIndex - 1 + count);
    return {
      schemas: [URN.listResponse],
      totalResults: resources.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page,
    };
  }
}

function renderAttribute(a: AttributeDef): Obj {
  const out: Obj = {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
  };
  if (a.canonicalValues?.length) out.canonicalValues = [...a.canonicalValues];
  if (a.referenceTypes?.length) out.referenceTypes = [...a.referenceTypes];
  if (a.subAttributes) out.subAttributes = a.subAttributes.map(renderAttribute);
  return out;
}

function renderSchema(s: SchemaDef, base: string): Obj {
  return {
    schemas: [URN.schema],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  };
}
