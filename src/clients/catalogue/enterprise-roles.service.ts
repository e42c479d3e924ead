import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ScimError } from '../../scim/errors/scim-error';
import type { CreateEnterpriseRoleDto, UpdateEnterpriseRoleDto } from '../dto/enterprise-role.dto';
import type { ClientEntity } from '../entities/client.entity';
import { EnterpriseRoleEntity } from '../entities/enterprise-role.entity';
import { CatalogueReferences, isUsed, usageText } from './catalogue-references';
import { insertUnique, present, type Page } from './catalogue.support';

/** The enterprise roles of a client's catalogue, unique by extId. */
@Injectable()
export class EnterpriseRolesService {
  constructor(
    @InjectRepository(EnterpriseRoleEntity) private readonly roles: Repository<EnterpriseRoleEntity>,
    private readonly references: CatalogueReferences,
  ) {}

  async list(client: ClientEntity, offset: number, limit: number): Promise<Page<EnterpriseRoleEntity>> {
    const [items, total] = await this.roles.findAndCount({
      where: { clientId: client.id },
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { total, items };
  }

  async get(client: ClientEntity, extId: string): Promise<EnterpriseRoleEntity> {
    const role = await this.find(client, extId);
    if (!role) throw ScimError.notFound(`Enterprise role '${extId}' not found`);
    return role;
  }

  async create(client: ClientEntity, dto: CreateEnterpriseRoleDto): Promise<EnterpriseRoleEntity> {
    const duplicate = () => ScimError.uniqueness(`An enterprise role with extId '${dto.extId}' exists`);
    if (await this.find(client, dto.extId)) throw duplicate();
    const now = new Date();
    const row = this.roles.create({
      clientId: client.id,
      extId: dto.extId,
      name: dto.name,
      description: dto.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await insertUnique(this.roles, row, duplicate);
    return this.get(client, dto.extId);
  }

  async update(
    client: ClientEntity,
    extId: string,
    dto: UpdateEnterpriseRoleDto,
  ): Promise<EnterpriseRoleEntity> {
    const role = await this.get(client, extId);
    await this.roles.update(
      { id: role.id, clientId: client.id },
      { ...present({ name: dto.name, description: dto.description }), updatedAt: new Date() },
    );
    return this.get(client, extId);
  }

  /** Deletes an enterprise role no authorization names (CatalogueReferences); else 409 with the count. */
  async delete(client: ClientEntity, extId: string): Promise<void> {
    const role = await this.get(client, extId);
    const usage = await this.references.enterpriseRole(client.id, role);
    if (isUsed(usage))
      throw ScimError.conflict(`Enterprise role '${extId}' is still referenced by ${usageText(usage)}`);
    await this.roles.delete({ id: role.id, clientId: client.id });
  }

  /** Exact extId match (binary collation), within the client. */
  find(client: ClientEntity, extId: string): Promise<EnterpriseRoleEntity | null> {
    return this.roles.findOne({ where: { clientId: client.id, extId } });
  }
}
