/**
 * Types and rules shared by the frontend and backend of the platform plugin.
 *
 * @packageDocumentation
 */

export * from './apiClient';
export * from './constraints';
export * from './drift';
export * from './gitRepository';
export * from './interfaces';
export * from './manifest';
export * from './permissions';
export * from './redact';
export * from './references';
export * from './requiredModules';
export * from './types';
export * from './verdicts';
export * from './versions';
export * from './releaseChannels';
export * from './releaseChannelsApi';
export * from './projectName';
export * from './promotionLag';
