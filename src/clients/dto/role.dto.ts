import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CataloguePage } from './catalogue.dto';
import { PageQueryDto } from './client.dto';

/** No dot in an application name: the first dot of `<application>.<role>` separates the two. */
export const APPLICATION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ROLE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class CreateRoleDto {
  @ApiProperty({
    description: 'The application (letters, digits, "_", "-"; no dot; max 64)',
    example: 'crm',
  })
  @IsString()
  @Matches(APPLICATION_PATTERN, {
    message: 'application must be 1-64 letters, digits, "_" or "-" (no dot), starting with a letter or digit',
  })
  application: string;

  @ApiProperty({
    description: 'The role within the application (letters, digits, ".", "_", "-"; max 128)',
    example: 'admin',
  })
  @IsString()
  @Matches(ROLE_NAME_PATTERN, {
    message: 'name must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  name: string;

  @ApiPropertyOptional({ example: 'Administers the CRM' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Full access to the CRM' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class RoleListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the roles of this application', example: 'crm' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  application?: string;
}

export class RoleView {
  @ApiProperty({ description: 'What authorizations name: `<application>.<role>`', example: 'crm.admin' })
  role: string;
  @ApiProperty({ example: 'crm' }) application: string;
  @ApiProperty({ example: 'admin' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'Administers the CRM' }) description: string | null;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) updatedAt: string;
}

export class RolePage extends CataloguePage<RoleView> {
  @ApiProperty({ type: [RoleView] }) items: RoleView[];
}
