import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const INTEGER = /^[+-]?\d{1,15}$/;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : value;

/** Query parameters of `GET /Users` (API.md §4.1, RFC 7644 §3.4.2). */
export class ListUsersQueryDto {
  @ApiPropertyOptional({
    description:
      'RFC 7644 §3.4.2.2 filter (full grammar; at most 8192 characters, 32 levels, 256 comparisons)',
    example: 'userName eq "bjensen@example.com"',
  })
  @IsOptional()
  @IsString()
  filter?: string;

  @ApiPropertyOptional({
    description: '1-based index of the first result; values below 1 count as 1',
    example: 1,
  })
  @IsOptional()
  @Matches(INTEGER, { message: 'startIndex must be an integer' })
  startIndex?: string;

  @ApiPropertyOptional({
    description: "Page size; 0 returns only totalResults; above the client's maximum it is capped",
    example: 10,
  })
  @IsOptional()
  @Matches(INTEGER, { message: 'count must be an integer' })
  count?: string;

  @ApiPropertyOptional({
    description:
      'Any singular attribute, or a multi-valued one by its primary (else first) element; ties by id',
    example: 'name.familyName',
  })
  @IsOptional()
  @IsString()
  sortBy?: string;

  @ApiPropertyOptional({ enum: ['ascending', 'descending'] })
  @IsOptional()
  @IsIn(['ascending', 'descending'], { message: 'sortOrder must be ascending or descending' })
  sortOrder?: string;

  @ApiPropertyOptional({
    description: 'RFC 9865 cursor: empty to start cursor paging, then a nextCursor/previousCursor value',
    example: '',
  })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({
    description: 'true: answer a BulkRequest of POST operations (an export to import elsewhere)',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'bulkImportFormat must be true or false' })
  bulkImportFormat?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated attributes to return',
    example: 'userName,name.familyName',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  attributes?: string[];

  @ApiPropertyOptional({
    description: 'Comma-separated attributes to leave out',
    example: 'emails,phoneNumbers',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  excludedAttributes?: string[];
}

/** Query parameters of `GET /Users/{id}`: projection only. */
export class GetUserQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated attributes to return', example: 'userName,emails' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsString({ each: true })
  attributes?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated attributes to leave out', example: 'phoneNumbers' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsString({ each: true })
  excludedAttributes?: string[];
}

/** `POST /Users/.search` body (RFC 7644 §3.4.3); every member optional. */
export class SearchRequestDto {
  @ApiPropertyOptional({ example: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  schemas?: string[];

  @ApiPropertyOptional({ description: 'RFC 7644 §3.4.2.2 filter', example: 'userName eq "bjensen"' })
  @IsOptional()
  @IsString()
  filter?: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt({ message: 'startIndex must be an integer' })
  startIndex?: number;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsInt({ message: 'count must be an integer' })
  count?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  sortBy?: string;

  @ApiPropertyOptional({ enum: ['ascending', 'descending'] })
  @IsOptional()
  @IsIn(['ascending', 'descending'])
  sortOrder?: string;

  @ApiPropertyOptional({ type: [String], example: ['userName'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  attributes?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  excludedAttributes?: string[];

  @ApiPropertyOptional({
    description: 'RFC 9865 cursor: empty to start, then nextCursor/previousCursor',
    example: '',
  })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ description: 'Answer a BulkRequest of POSTs (export)', example: false })
  @IsOptional()
  @IsBoolean()
  bulkImportFormat?: boolean;
}
