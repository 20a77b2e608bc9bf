/** WooCommerce's (WordPress REST API's) error bodies: `{code, message, data: {status, params?}}`. */
export class WooError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params?: Record<string, string> | string[],
    /** More of the answer's `data` (term_exists names the term that exists: `resource_id`). */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): { code: string; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: { status: this.status, ...(this.params ? { params: this.params } : {}), ...this.data } };
  }
}

/** `rest_invalid_param`: one or more query or body parameters failed their schema. */
export function invalidParams(params: Record<string, string>): WooError {
  return new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, params);
}

export function missingParams(names: string[]): WooError {
  return new WooError(400, 'rest_missing_callback_param', `Missing parameter(s): ${names.join(', ')}`, names);
}

export const NO_ROUTE = new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');

/** Each resource's answer for an id it does not have. */
export const INVALID_ID = {
  customers: () => new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.'),
  products: () => new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.'),
  variations: () => new WooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.'),
  orders: () => new WooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.'),
  categories: () => new WooError(404, 'woocommerce_rest_term_invalid', 'Resource does not exist.'),
} as const;
