import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { ClientSettings } from '../client-settings';
import { ClientSettingsDto } from './client-settings.dto';

/** Optional, but `null` is not a value: only an absent member is skipped by validation. */
const IsDefinedIfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export const EXT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CreateClientDto {
  @ApiProperty({
    description: 'The client external id used in SCIM URLs (letters, digits, ".", "_", "-"; max 64)',
    example: 'acme',
  })
  @IsString()
  @Matches(EXT_ID_PATTERN, {
    message: 'extId must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  extId: string;

  @ApiProperty({ example: 'ACME Corporation' })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({ example: 'Provisioned from Entra ID' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ type: ClientSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientSettingsDto)
  settings?: ClientSettingsDto;
}

export class UpdateClientDto {
  @ApiPropertyOptional({ example: 'ACME Corp.' })
  @IsDefinedIfPresent()
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({
    enum: ['active', 'disabled'],
    description: 'A disabled client answers 403 on SCIM routes',
  })
  @IsDefinedIfPresent()
  @IsIn(['active', 'disabled'])
  state?: 'active' | 'disabled';

  @ApiPropertyOptional({ type: ClientSettingsDto, description: 'Merged into the current settings' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientSettingsDto)
  settings?: ClientSettingsDto;
}

export class PageQueryDto {
  @ApiPropertyOptional({ description: '0-based offset', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ description: 'Page size', default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class DeleteClientQueryDto {
  @ApiProperty({ description: 'Must repeat the client extId to confirm the deletion', example: 'acme' })
  @IsString()
  confirm: string;
}

export class ClientView {
  @ApiProperty({ example: 'acme' }) extId: string;
  @ApiProperty({ example: 'ACME Corporation' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'Provisioned from Entra ID' }) description:
    string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) state: string;
  @ApiProperty({ description: 'Effective settings (defaults plus overrides)' }) settings: ClientSettings;
  @ApiProperty({ example: 42 }) userCount: number;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) updatedAt: string;
  @ApiProperty({
    example: 'https://idm.example.com/scim/v2/acme',
    description: 'The SCIM base URL to give IdPs',
  })
  scimBaseUrl: string;
}

export class ClientPage {
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty({ example: 100 }) limit: number;
  @ApiProperty({ type: [ClientView] }) items: ClientView[];
}
