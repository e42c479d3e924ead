import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { CataloguePage, IsDefinedIfPresent } from './catalogue.dto';
import { EXT_ID_PATTERN } from './client.dto';

export class CreateEnterpriseRoleDto {
  @ApiProperty({
    description:
      'The enterprise role external id, unique within the client (letters, digits, ".", "_", "-"; max 64)',
    example: 'branch-manager',
  })
  @IsString()
  @Matches(EXT_ID_PATTERN, {
    message: 'extId must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  extId: string;

  @ApiProperty({ example: 'Branch manager' })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({ example: 'Manages one branch office' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class UpdateEnterpriseRoleDto {
  @ApiPropertyOptional({ example: 'Branch office manager' })
  @IsDefinedIfPresent()
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Manages one branch office' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class EnterpriseRoleView {
  @ApiProperty({ example: 'branch-manager' }) extId: string;
  @ApiProperty({ example: 'Branch manager' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'Manages one branch office' }) description:
    string | null;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) updatedAt: string;
}

export class EnterpriseRolePage extends CataloguePage<EnterpriseRoleView> {
  @ApiProperty({ type: [EnterpriseRoleView] }) items: EnterpriseRoleView[];
}
