import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  PROPERTY_MAX_LENGTH_LIMIT,
  PROPERTY_NAME_MAX_LENGTH,
  PROPERTY_PATTERN_MAX_LENGTH,
  PROPERTY_SCOPES,
  PROPERTY_TYPES,
  type PropertyScope,
  type PropertyType,
  type PropertyValue,
} from '../catalogue/property-definition.rules';
import { CataloguePage, IsDefinedIfPresent } from './catalogue.dto';
import { PageQueryDto } from './client.dto';

const ALLOWED_VALUES_SCHEMA = {
  type: 'array' as const,
  items: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }] },
};

const oneOf = (name: string, values: readonly string[]) => ({
  message: `${name} must be one of ${values.join(', ')}`,
});

/** The optional members of a definition, on create and update. */
abstract class PropertyDefinitionFields {
  @ApiPropertyOptional({
    description: 'Longest value in characters (string properties only); null for no limit',
    minimum: 1,
    maximum: PROPERTY_MAX_LENGTH_LIMIT,
    nullable: true,
    type: 'integer',
    example: 32,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PROPERTY_MAX_LENGTH_LIMIT)
  maxLength?: number | null;

  @ApiPropertyOptional({
    description: `A JavaScript regular expression (Unicode mode) the whole value must match (string properties only; at most ${PROPERTY_PATTERN_MAX_LENGTH} characters); null for none`,
    nullable: true,
    type: String,
    example: 'CC-[0-9]{4}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PROPERTY_PATTERN_MAX_LENGTH)
  pattern?: string | null;

  @ApiPropertyOptional({
    ...ALLOWED_VALUES_SCHEMA,
    description:
      'The only values permitted, each of the definition type (a date is YYYY-MM-DD); null allows any value',
    nullable: true,
    example: ['CC-1000', 'CC-2000'],
  })
  @IsOptional()
  @IsArray()
  allowedValues?: PropertyValue[] | null;

  @ApiPropertyOptional({ description: 'Every user (profile, credential) must have a value', example: false })
  @IsDefinedIfPresent()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({
    description: 'No two users (profiles, credentials) of the client share a value',
    example: false,
  })
  @IsDefinedIfPresent()
  @IsBoolean()
  unique?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'The cost center the user is billed to' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

/** The members of a definition that PATCH may change (name and scope are its key). */
export class UpdatePropertyDefinitionDto extends PropertyDefinitionFields {
  @ApiPropertyOptional({ enum: PROPERTY_TYPES, example: 'string' })
  @IsDefinedIfPresent()
  @IsIn(PROPERTY_TYPES, oneOf('type', PROPERTY_TYPES))
  type?: PropertyType;
}

export class CreatePropertyDefinitionDto extends PropertyDefinitionFields {
  @ApiProperty({
    description:
      'The property name, unique per client and scope regardless of case: words of letters, digits, "-" and "_" separated by single spaces, starting with a letter; no word may be a filter keyword (eq, ne, co, sw, ew, gt, ge, lt, le, pr, and, or, not)',
    maxLength: PROPERTY_NAME_MAX_LENGTH,
    example: 'cost center',
  })
  @IsString()
  name: string;

  @ApiProperty({ enum: PROPERTY_SCOPES, description: 'What carries the property', example: 'user' })
  @IsIn(PROPERTY_SCOPES, oneOf('scope', PROPERTY_SCOPES))
  scope: PropertyScope;

  @ApiProperty({ enum: PROPERTY_TYPES, example: 'string' })
  @IsIn(PROPERTY_TYPES, oneOf('type', PROPERTY_TYPES))
  type: PropertyType;
}

export class PropertyDefinitionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROPERTY_SCOPES, description: 'Only the definitions of this scope' })
  @IsOptional()
  @IsIn(PROPERTY_SCOPES, oneOf('scope', PROPERTY_SCOPES))
  scope?: PropertyScope;
}

export class PropertyDefinitionView {
  @ApiProperty({ example: 'cost center' }) name: string;
  @ApiProperty({ enum: PROPERTY_SCOPES, example: 'user' }) scope: PropertyScope;
  @ApiProperty({ enum: PROPERTY_TYPES, example: 'string' }) type: PropertyType;
  @ApiProperty({ nullable: true, type: 'integer', example: 32 }) maxLength: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'CC-[0-9]{4}' }) pattern: string | null;
  @ApiProperty({ ...ALLOWED_VALUES_SCHEMA, nullable: true, example: ['CC-1000', 'CC-2000'] })
  allowedValues: PropertyValue[] | null;
  @ApiProperty({ example: false }) required: boolean;
  @ApiProperty({ description: 'Unique per client', example: false }) unique: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'The cost center the user is billed to' })
  description: string | null;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) updatedAt: string;
}

export class PropertyDefinitionPage extends CataloguePage<PropertyDefinitionView> {
  @ApiProperty({ type: [PropertyDefinitionView] }) items: PropertyDefinitionView[];
}
