/** Operators: login with a PIN, logout, the session, operator management (issue 5). */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { empty } from './schemas.js';

export const operatorRoleSchema = z.enum(['cashier', 'billing', 'supervisor']);
export type OperatorRoleName = z.infer<typeof operatorRoleSchema>;

const operatorId = z.string().regex(/^[0-9A-Za-z_-]{1,30}$/, 'an operator id (letters, digits, - or _)');
const pin = z.string().regex(/^[0-9]{4,12}$/, 'a PIN of 4–12 digits');

/** The logged-in operator as every window sees them. */
export const sessionOperatorSchema = z.object({ id: z.string(), name: z.string(), role: operatorRoleSchema });
export type SessionOperator = z.infer<typeof sessionOperatorSchema>;

/** An operator as the supervisor manages them. */
export const operatorListingSchema = sessionOperatorSchema.extend({
  active: z.boolean(),
  failures: z.number().int(),
  lockedUntil: z.string().nullable(),
});
export type OperatorListingView = z.infer<typeof operatorListingSchema>;

/** The session channels. */
export const sessionChannels = {
  /** Logs an operator in on this terminal (one session per terminal; a new login replaces it). */
  login: {
    input: z.object({ operatorId, pin: z.string().min(1).max(12) }).strict(),
    output: z.object({ operator: sessionOperatorSchema }),
    access: 'any',
  },
  /** Ends the session. */
  logout: { input: empty, output: z.object({ loggedOut: z.boolean() }), access: 'any' },
  /**
   * The logged-in operator, or null; in training mode also the demo operators and their PINs
   * (shown on the login screen there and nowhere else).
   */
  session: {
    input: empty,
    output: z.object({
      operator: sessionOperatorSchema.nullable(),
      demoOperators: z.array(sessionOperatorSchema.extend({ pin: z.string() })).nullable(),
    }),
    access: 'any',
  },
  /** Every operator, with lockouts. */
  listOperators: { input: empty, output: z.array(operatorListingSchema), access: 'supervisor' },
  /** Adds an operator (PIN of at least 6 digits outside training mode). */
  createOperator: {
    input: z.object({ id: operatorId, name: z.string().trim().min(1).max(40), role: operatorRoleSchema, pin }).strict(),
    output: operatorListingSchema,
    access: 'supervisor',
  },
  /** Sets an operator's PIN (clears a lockout). */
  setOperatorPin: { input: z.object({ operatorId, pin }).strict(), output: operatorListingSchema, access: 'supervisor' },
  /** Disables (or enables again) an operator; operators are never deleted. */
  setOperatorActive: {
    input: z.object({ operatorId, active: z.boolean() }).strict(),
    output: operatorListingSchema,
    access: 'supervisor',
  },
} as const satisfies ChannelGroup;
