import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '../../common/decorators/access.decorator';
import { ScimErrorSchema } from '../../common/swagger/scim-error.schema';

/** What every catalogue controller shares: the tag, admin access, the client path parameter, 400 and 404. */
export const CatalogueController = (what: string) =>
  applyDecorators(
    ApiTags('Admin: catalogue'),
    AdminOnly(),
    ApiParam({ name: 'extId', description: 'The client external id', example: 'acme' }),
    ApiBadRequestResponse({
      description: 'Invalid request (the detail names the field)',
      type: ScimErrorSchema,
    }),
    ApiNotFoundResponse({ description: `No such client or ${what}`, type: ScimErrorSchema }),
  );

export const ApiDuplicate = (description: string) =>
  ApiConflictResponse({ description: `${description} (scimType uniqueness)`, type: ScimErrorSchema });

export const ApiStillReferenced = (description: string) =>
  ApiConflictResponse({ description, type: ScimErrorSchema });
