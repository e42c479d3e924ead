import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ScimError } from '../../scim/errors/scim-error';
import { ClientsService } from '../clients.service';
import type { CreateUnitDto, UpdateUnitDto } from '../dto/unit.dto';
import type { ClientEntity } from '../entities/client.entity';
import { UnitEntity } from '../entities/unit.entity';
import { CatalogueReferences, isUsed, usageText } from './catalogue-references';
import { insertUnique, present, type Page } from './catalogue.support';

/** Deeper than any real organisation; stops a walk up a (corrupt) tree that loops. */
const MAX_UNIT_DEPTH = 1000;

/** The units of a client's catalogue: a tree by `parentExtId`, every unit in the client of its parent. */
@Injectable()
export class UnitsService {
  constructor(
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    private readonly references: CatalogueReferences,
  ) {}

  async list(client: ClientEntity, offset: number, limit: number): Promise<Page<UnitEntity>> {
    const [items, total] = await this.units.findAndCount({
      where: { clientId: client.id },
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { total, items };
  }

  async get(client: ClientEntity, extId: string): Promise<UnitEntity> {
    const unit = await this.find(client, extId);
    if (!unit) throw ScimError.notFound(`Unit '${extId}' not found`);
    return unit;
  }

  async create(client: ClientEntity, dto: CreateUnitDto): Promise<UnitEntity> {
    const duplicate = () => ScimError.uniqueness(`A unit with extId '${dto.extId}' exists`);
    if (await this.find(client, dto.extId)) throw duplicate();
    const parentExtId = dto.parentExtId ?? null;
    if (parentExtId !== null) await this.checkParent(client, dto.extId, parentExtId);
    const now = new Date();
    const row = this.units.create({
      clientId: client.id,
      extId: dto.extId,
      name: dto.name,
      parentExtId,
      description: dto.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await insertUnique(this.units, row, duplicate);
    return this.get(client, dto.extId);
  }

  async update(client: ClientEntity, extId: string, dto: UpdateUnitDto): Promise<UnitEntity> {
    const unit = await this.get(client, extId);
    if (dto.parentExtId != null && dto.parentExtId !== unit.parentExtId)
      await this.checkParent(client, extId, dto.parentExtId);
    const change = present({ name: dto.name, parentExtId: dto.parentExtId, description: dto.description });
    await this.units.update({ id: unit.id, clientId: client.id }, { ...change, updatedAt: new Date() });
    return this.get(client, extId);
  }

  /**
   * Deletes a unit nothing refers to: not a parent of other units, not the client's default unit, and not
   * the unit of any profile (CatalogueReferences). Otherwise 409 saying what refers to it.
   */
  async delete(client: ClientEntity, extId: string): Promise<void> {
    const unit = await this.get(client, extId);
    const children = await this.units.count({ where: { clientId: client.id, parentExtId: extId } });
    if (children > 0) {
      throw ScimError.conflict(
        `Unit '${extId}' has ${children} child unit${children === 1 ? '' : 's'}; move or delete them first`,
      );
    }
    if (ClientsService.settingsOf(client).defaultUnitExtId === extId) {
      throw ScimError.conflict(
        `Unit '${extId}' is the client's default unit (settings.defaultUnitExtId); change that setting first`,
      );
    }
    const usage = await this.references.unit(client.id, unit);
    if (isUsed(usage)) throw ScimError.conflict(`Unit '${extId}' is still referenced by ${usageText(usage)}`);
    await this.units.delete({ id: unit.id, clientId: client.id });
  }

  /** Exact extId match (binary collation), within the client. */
  find(client: ClientEntity, extId: string): Promise<UnitEntity | null> {
    return this.units.findOne({ where: { clientId: client.id, extId } });
  }

  /**
   * `parentExtId` names a unit of the same client, and is neither `extId` itself nor one of its descendants
   * (walking up from the parent never reaches `extId`). Business rules: 422.
   */
  private async checkParent(client: ClientEntity, extId: string, parentExtId: string): Promise<void> {
    const cycle = () =>
      ScimError.policy(
        `parentExtId: unit '${parentExtId}' is '${extId}' or below it; units cannot form a cycle`,
      );
    if (parentExtId === extId) throw cycle();
    let current = await this.find(client, parentExtId);
    if (!current) throw ScimError.policy(`parentExtId: unit '${parentExtId}' does not exist in this client`);
    for (let depth = 0; current.parentExtId !== null; depth++) {
      if (current.parentExtId === extId || depth >= MAX_UNIT_DEPTH) throw cycle();
      const next = await this.find(client, current.parentExtId);
      if (!next) return;
      current = next;
    }
  }
}
