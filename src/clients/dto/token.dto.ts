import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length } from 'class-validator';

export class IssueTokenDto {
  @ApiProperty({ description: 'What the token is for', example: 'Entra ID provisioning' })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiPropertyOptional({
    description: 'Expiry (RFC 3339); never expires when absent',
    example: '2027-11-27T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class TokenView {
  @ApiProperty({ example: '3f1c2a9e-8d7b-4c55-9d0e-2b6f7a1c9e21' }) id: string;
  @ApiProperty({ example: 'Entra ID provisioning' }) name: string;
  @ApiProperty({ description: 'First characters of the secret, to tell tokens apart', example: 'scim_Q2xp' })
  prefix: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, example: null }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-27T11:00:00.000Z' }) lastUsedAt:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) revokedAt: string | null;
}

export class IssuedTokenView {
  @ApiProperty({ example: '3f1c2a9e-8d7b-4c55-9d0e-2b6f7a1c9e21' }) id: string;
  @ApiProperty({ example: 'Entra ID provisioning' }) name: string;
  @ApiProperty({
    description: 'The bearer secret. Shown in this response only; store it in the IdP now.',
    example: 'scim_Q2xpZW50VG9rZW5FeGFtcGxlU2VjcmV0VmFsdWUxMjM0NQ',
  })
  token: string;
  @ApiProperty({ example: '2026-11-27T10:15:00.000Z' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, example: null }) expiresAt: string | null;
}
