// Accounts and province assignments (admins).
import { createUser, listUsers, setUserProvinces, UserExistsError, UserInputError, UserNotFoundError, USER_ROLES } from '../../db/users.ts';
import type { UserRole } from '../../db/schema.ts';
import type { WebRoutes } from '../deps.ts';
import { sendError } from '../replies.ts';
import { ID_PARAMS } from './review-api.ts';

const PROVINCES = { type: 'array', maxItems: 34, items: { type: 'string', pattern: '^\\d{2}$' } } as const;

const NEW_USER = {
  type: 'object',
  required: ['username', 'password', 'role'],
  properties: {
    username: { type: 'string', maxLength: 64 },
    displayName: { type: 'string', maxLength: 200 },
    password: { type: 'string', maxLength: 1000 },
    role: { type: 'string', enum: USER_ROLES },
    provinces: PROVINCES,
  },
} as const;

interface NewUserBody {
  username: string;
  displayName?: string;
  password: string;
  role: UserRole;
  provinces?: string[];
}

export const adminRoutes: WebRoutes = async (app, deps) => {
  const access = { permission: 'users.manage' } as const;

  app.get('/api/admin/users', { config: { access } }, async () => ({ users: await listUsers(deps.db) }));

  app.post<{ Body: NewUserBody }>('/api/admin/users', { config: { access }, schema: { body: NEW_USER } }, async (request, reply) => {
    try {
      const user = await createUser(deps.db, request.body);
      request.log.info({ username: user.username, role: user.role, by: request.auth!.user.username }, 'user created');
      return reply.code(201).send({ user });
    } catch (error) {
      if (error instanceof UserExistsError) return sendError(request, reply, 409, 'conflict', error.message);
      if (error instanceof UserInputError) return sendError(request, reply, 400, 'bad_request', error.message);
      throw error;
    }
  });

  app.post<{ Params: { id: number }; Body: { provinces: string[] } }>(
    '/api/admin/users/:id/provinces',
    { config: { access }, schema: { params: ID_PARAMS, body: { type: 'object', required: ['provinces'], properties: { provinces: PROVINCES } } } },
    async (request, reply) => {
      try {
        const user = await setUserProvinces(deps.db, request.params.id, request.body.provinces);
        request.log.info({ username: user.username, provinces: user.provinces, by: request.auth!.user.username }, 'provinces assigned');
        return { user };
      } catch (error) {
        if (error instanceof UserNotFoundError) return sendError(request, reply, 404, 'not_found', error.message);
        if (error instanceof UserInputError) return sendError(request, reply, 400, 'bad_request', error.message);
        throw error;
      }
    },
  );
};
