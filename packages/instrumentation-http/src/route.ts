/**
 * Where a framework hook leaves the matched route template on the request (node's IncomingMessage),
 * for the server hook to read when the response ends. A registry symbol so that two copies of this
 * package agree on it.
 */
export const ROUTE = Symbol.for('nodeprom.http.route');

export interface RoutedRequest {
  [ROUTE]?: string;
}
