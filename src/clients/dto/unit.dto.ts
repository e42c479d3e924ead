import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CataloguePage, IsDefinedIfPresent } from './catalogue.dto';
import { EXT_ID_PATTERN } from './client.dto';

export class CreateUnitDto {
  @ApiProperty({
    description: 'The unit external id, unique within the client (letters, digits, ".", "_", "-"; max 64)',
    example: 'sales-emea',
  })
  @IsString()
  @Matches(EXT_ID_PATTERN, {
    message: 'extId must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  extId: string;

  @ApiProperty({ example: 'Sales EMEA' })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({
    description:
      'The extId of the parent unit (an existing unit of the same client); a root unit when absent',
    example: 'sales',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  parentExtId?: string | null;

  @ApiPropertyOptional({ example: 'Sales organisation for Europe, Middle East and Africa' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class UpdateUnitDto {
  @ApiPropertyOptional({ example: 'Sales Europe' })
  @IsDefinedIfPresent()
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({
    description: 'Move the unit under another unit of the client (no cycles); null makes it a root unit',
    example: 'sales',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  parentExtId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Sales organisation for Europe' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class UnitView {
  @ApiProperty({ example: 'sales-emea' }) extId: string;
  @ApiProperty({ example: 'Sales EMEA' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'sales' }) parentExtId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Sales organisation for Europe, Middle East and Africa',
  })
  description: string | null;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) updatedAt: string;
}

export class UnitPage extends CataloguePage<UnitView> {
  @ApiProperty({ type: [UnitView] }) items: UnitView[];
}
