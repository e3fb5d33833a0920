/**
 * Types and rules shared by the frontend and backend of the platform plugin.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
