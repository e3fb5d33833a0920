/**
 * Extension points and interfaces for backend modules that extend the platform plugin: reference
 * extractors, version sources and repository hosts. They land with the scanning engine.
 *
 * @packageDocumentation
 */

export {};
