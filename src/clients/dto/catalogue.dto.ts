import { ApiProperty } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';

/** Optional, but `null` is not a value: only an absent member is skipped by validation. */
export const IsDefinedIfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** The paging envelope every catalogue list shares (like `GET /admin/clients`). */
export abstract class CataloguePage<T> {
  @ApiProperty({ description: 'Entries matching the request, on all pages', example: 1 }) total: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty({ example: 100 }) limit: number;
  abstract items: T[];
}
