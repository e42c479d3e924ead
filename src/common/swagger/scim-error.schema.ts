import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 7644 §3.12 error body, for Swagger. */
export class ScimErrorSchema {
  @ApiProperty({ example: ['urn:ietf:params:scim:api:messages:2.0:Error'], type: [String] })
  schemas: string[];

  @ApiProperty({ description: 'The HTTP status code as a string', example: '400' })
  status: string;

  @ApiPropertyOptional({
    description: 'RFC 7644 Table 9 error type',
    enum: [
      'invalidFilter',
      'tooMany',
      'uniqueness',
      'mutability',
      'invalidSyntax',
      'invalidPath',
      'noTarget',
      'invalidValue',
      'invalidVers',
      'sensitive',
    ],
    example: 'invalidValue',
  })
  scimType?: string;

  @ApiProperty({ description: 'What was wrong, for a person', example: "Attribute 'userName' is required" })
  detail: string;
}
