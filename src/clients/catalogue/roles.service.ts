import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ScimError } from '../../scim/errors/scim-error';
import {
  APPLICATION_PATTERN,
  ROLE_NAME_PATTERN,
  type CreateRoleDto,
  type UpdateRoleDto,
} from '../dto/role.dto';
import type { ClientEntity } from '../entities/client.entity';
import { RoleEntity } from '../entities/role.entity';
import { CatalogueReferences, isUsed, usageText } from './catalogue-references';
import { insertUnique, present, type Page } from './catalogue.support';

export interface RoleKey {
  application: string;
  name: string;
}

/** `<application>.<role>`: what authorizations name and what the admin path carries. */
export const roleKeyText = (key: RoleKey): string => `${key.application}.${key.name}`;

/** Splits `crm.admin` at its first dot (applications have none); 400 when it is not of that form. */
export function parseRoleKey(text: string): RoleKey {
  const dot = text.indexOf('.');
  const key = { application: text.slice(0, dot), name: text.slice(dot + 1) };
  if (dot < 0 || !APPLICATION_PATTERN.test(key.application) || !ROLE_NAME_PATTERN.test(key.name)) {
    throw ScimError.invalidValue(`role '${text}' is not of the form <application>.<role> (e.g. crm.admin)`);
  }
  return key;
}

/** The application roles of a client's catalogue, unique by (application, name). */
@Injectable()
export class RolesService {
  constructor(
    @InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>,
    private readonly references: CatalogueReferences,
  ) {}

  async list(
    client: ClientEntity,
    offset: number,
    limit: number,
    application?: string,
  ): Promise<Page<RoleEntity>> {
    const [items, total] = await this.roles.findAndCount({
      where: { clientId: client.id, ...(application !== undefined ? { application } : {}) },
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { total, items };
  }

  async get(client: ClientEntity, key: RoleKey): Promise<RoleEntity> {
    const role = await this.find(client, key);
    if (!role) throw ScimError.notFound(`Role '${roleKeyText(key)}' not found`);
    return role;
  }

  async create(client: ClientEntity, dto: CreateRoleDto): Promise<RoleEntity> {
    const key = { application: dto.application, name: dto.name };
    const duplicate = () => ScimError.uniqueness(`A role '${roleKeyText(key)}' exists`);
    if (await this.find(client, key)) throw duplicate();
    const now = new Date();
    const row = this.roles.create({
      clientId: client.id,
      ...key,
      description: dto.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await insertUnique(this.roles, row, duplicate);
    return this.get(client, key);
  }

  async update(client: ClientEntity, key: RoleKey, dto: UpdateRoleDto): Promise<RoleEntity> {
    const role = await this.get(client, key);
    await this.roles.update(
      { id: role.id, clientId: client.id },
      { ...present({ description: dto.description }), updatedAt: new Date() },
    );
    return this.get(client, key);
  }

  /** Deletes a role no authorization names (CatalogueReferences); else 409 with the count. */
  async delete(client: ClientEntity, key: RoleKey): Promise<void> {
    const role = await this.get(client, key);
    const usage = await this.references.role(client.id, role);
    if (isUsed(usage))
      throw ScimError.conflict(`Role '${roleKeyText(key)}' is still referenced by ${usageText(usage)}`);
    await this.roles.delete({ id: role.id, clientId: client.id });
  }

  /** Exact match (binary collation), within the client. */
  find(client: ClientEntity, key: RoleKey): Promise<RoleEntity | null> {
    return this.roles.findOne({
      where: { clientId: client.id, application: key.application, name: key.name },
    });
  }
}
