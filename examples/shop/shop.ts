/**
 * A small shop, the code under test of the vitest integration's example: it takes payments
 * through any `fetch` (the simulator's in its tests) and keeps orders in memory.
 */
export interface Order {
  id: string;
  amount: number;
  status: 'paid' | 'declined' | 'needs_authentication' | 'refunded';
  paymentIntent?: string;
  declineCode?: string;
}

export class Shop {
  readonly orders = new Map<string, Order>();

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly key: string,
  ) {}

  private async call(path: string, body: object): Promise<{ status: number; body: Record<string, any> }> {
    const res = await this.fetch(`https://api.onerway.com${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  /** Charges an order; a decline or a 3D Secure step is an order status, not an exception. */
  async checkout(orderId: string, amount: number, paymentMethod: string): Promise<Order> {
    const { status, body } = await this.call('/v1/payment_intents', { amount, currency: 'usd', payment_method: paymentMethod, confirm: true, metadata: { order: orderId } });
    const order: Order =
      status === 402
        ? { id: orderId, amount, status: 'declined', declineCode: body.error.decline_code, paymentIntent: body.error.payment_intent?.id }
        : { id: orderId, amount, status: body.status === 'requires_action' ? 'needs_authentication' : 'paid', paymentIntent: body.id };
    this.orders.set(orderId, order);
    return order;
  }

  /** Refunds a paid order in full. */
  async refund(orderId: string): Promise<Order> {
    const order = this.orders.get(orderId)!;
    await this.call('/v1/refunds', { payment_intent: order.paymentIntent });
    order.status = 'refunded';
    return order;
  }
}
