/**
 * sentera-mock/express: the express adapter, for serving the mock inside your own express app.
 *
 * Only this entry point imports express's types; the main entry compiles without `@types/express`.
 */
export { senteraMockMiddleware } from './sentera-mock-middleware.js';
