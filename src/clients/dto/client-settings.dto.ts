import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class ConnectorCompatDto {
  @ApiPropertyOptional({
    description: 'Accept "True"/"False" strings for booleans (Entra ID)',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  booleanStrings?: boolean;

  @ApiPropertyOptional({
    description: 'A PATCH filtered path matching no element creates it (Entra ID, Ping) instead of noTarget',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  filteredPathCreatesElement?: boolean;

  @ApiPropertyOptional({
    description: 'Pathless PATCH values may use dotted and URN keys (Entra ID)',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  pathlessDottedKeys?: boolean;

  @ApiPropertyOptional({
    description: 'At most one element per type in multi-valued attributes',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  uniqueTypePerMultiValue?: boolean;
}

export class PasswordPolicyDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1024, example: 8 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1024)
  minLength?: number;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  requireLowercase?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  requireUppercase?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  requireDigit?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  requireSpecial?: boolean;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  notEqualUserName?: boolean;

  @ApiPropertyOptional({ description: 'Number of previous passwords that may not be reused', example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  history?: number;
}

/** Client settings in requests: every member optional; `null` resets a member to its default. */
export class ClientSettingsDto {
  @ApiPropertyOptional({
    description: 'Page size when a list request gives no count',
    minimum: 1,
    example: 10,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  defaultPageSize?: number;

  @ApiPropertyOptional({
    description: 'Largest page (filter.maxResults); larger counts are capped',
    example: 1000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  maxPageSize?: number;

  @ApiPropertyOptional({ description: 'Bulk: most operations per request', example: 1000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  bulkMaxOperations?: number;

  @ApiPropertyOptional({ description: 'Bulk: largest request body in bytes', example: 1048576 })
  @IsOptional()
  @IsInt()
  @Min(1024)
  bulkMaxPayloadSize?: number;

  @ApiPropertyOptional({
    description: 'PATCH answers 200 with the user (true) or 204 (false)',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  patchReturnsResource?: boolean;

  @ApiPropertyOptional({ description: 'Strict RFC 7644 mode: all connector tolerances off', example: false })
  @IsOptional()
  @IsBoolean()
  strictRfc?: boolean;

  @ApiPropertyOptional({ type: ConnectorCompatDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConnectorCompatDto)
  compat?: ConnectorCompatDto;

  @ApiPropertyOptional({
    description:
      'Unit extId of the default profile given to each user created without profiles; must name a unit of the ' +
      "client's catalogue (422 otherwise), so set it after creating the unit",
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  defaultUnitExtId?: string | null;

  @ApiPropertyOptional({
    description: 'User attributes the client policy makes mandatory',
    type: [String],
    example: ['name.familyName', 'name.givenName', 'emails'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[A-Za-z][\w.:$-]*$/, { each: true })
  mandatoryAttributes?: string[];

  @ApiPropertyOptional({ type: PasswordPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PasswordPolicyDto)
  passwordPolicy?: PasswordPolicyDto;
}
