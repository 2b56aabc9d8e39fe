"""The main flows of a Python merchant, with Debian's python3-stripe, against the server door.

Run by test/python.test.ts: python3 flows.py <server url>. Prints one line per flow and exits
non-zero at the first one that does not hold.
"""
import http.server
import json
import sys
import threading

import requests
import stripe

BASE = sys.argv[1]
stripe.api_base = BASE
stripe.api_key = "sk_test_python_merchant"
stripe.max_network_retries = 0
AUTH = (stripe.api_key, "")


def helper(path, **data):
    """The simulator's test helpers are plain form POSTs."""
    res = requests.post(f"{BASE}/v1/test_helpers/{path}", data=data, auth=AUTH)
    res.raise_for_status()
    return res.json()


def check(name, condition):
    if not condition:
        print(f"FAILED: {name}")
        sys.exit(1)
    print(f"ok: {name}")


# Customers, with auto-paging over 25 of them.
for i in range(25):
    stripe.Customer.create(email=f"c{i}@example.com", metadata={"n": str(i)})
emails = [c.email for c in stripe.Customer.list(limit=7).auto_paging_iter()]
check("auto-paging visits every customer once, newest first", emails == [f"c{i}@example.com" for i in range(24, -1, -1)])

# Payment methods, saved to a customer.
customer = stripe.Customer.create(email="jenny@example.com")
pm = stripe.PaymentMethod.attach("pm_card_visa", customer=customer.id)
check("a card saved to a customer", pm.customer == customer.id and pm.card.last4 == "4242")

# A payment; confirm=True goes as the booleans this client sends.
pi = stripe.PaymentIntent.create(amount=2000, currency="usd", customer=customer.id, payment_method=pm.id, confirm=True)
check("a payment succeeds", pi.status == "succeeded")

# A decline is a CardError with the decline code, and the attempt persists.
try:
    stripe.PaymentIntent.create(amount=2000, currency="usd", payment_method="pm_card_visa_chargeDeclinedInsufficientFunds", confirm=True)
    check("a decline raises", False)
except stripe.error.CardError as e:
    check("a decline raises CardError with its decline code", e.http_status == 402 and e.code == "card_declined" and e.error.decline_code == "insufficient_funds")

# 3D Secure, completed through the test helper.
pi = stripe.PaymentIntent.create(amount=1500, currency="usd", payment_method="pm_card_threeDSecure2Required", confirm=True)
check("a 3D Secure card asks for authentication", pi.status == "requires_action")
helper(f"payment_intents/{pi.id}/authenticate", outcome="success")
check("the helper completes 3D Secure", stripe.PaymentIntent.retrieve(pi.id).status == "succeeded")

# Save a card with a SetupIntent (3D Secure on setup), then charge it off session.
saver = stripe.Customer.create(email="saver@example.com")
si = stripe.SetupIntent.create(customer=saver.id, payment_method="pm_card_authenticationRequiredOnSetup", confirm=True)
check("a setup with a 3D Secure card asks for authentication", si.status == "requires_action")
helper(f"setup_intents/{si.id}/authenticate", outcome="success")
si = stripe.SetupIntent.retrieve(si.id)
check("the helper completes the setup", si.status == "succeeded")
later = stripe.PaymentIntent.create(amount=900, currency="eur", customer=saver.id, payment_method=si.payment_method, off_session=True, confirm=True)
check("the saved card pays off session", later.status == "succeeded")

# The Charges API: a held charge captured in part.
held = stripe.Charge.create(amount=2500, currency="usd", source="tok_visa", capture=False)
captured = stripe.Charge.capture(held.id, amount=2000)
check("a Charges API charge is held, then captured in part", held.captured is False and captured.amount_captured == 2000)

# Manual capture, partial, then a refund.
pi = stripe.PaymentIntent.create(amount=5000, currency="usd", payment_method="pm_card_visa", confirm=True, capture_method="manual")
check("an authorization waits for capture", pi.status == "requires_capture" and pi.amount_capturable == 5000)
pi = stripe.PaymentIntent.capture(pi.id, amount_to_capture=3000)
check("a partial capture", pi.status == "succeeded" and pi.amount_received == 3000)
refund = stripe.Refund.create(payment_intent=pi.id, amount=1000)
check("a partial refund", refund.status == "succeeded" and refund.amount == 1000)

# Idempotent retries give the same object.
first = stripe.Customer.create(email="once@example.com", idempotency_key="python-once")
again = stripe.Customer.create(email="once@example.com", idempotency_key="python-once")
check("an idempotent retry replays the first answer", first.id == again.id)
try:
    stripe.Customer.create(email="other@example.com", idempotency_key="python-once")
    check("reusing a key with other parameters raises", False)
except stripe.error.IdempotencyError as e:
    check("reusing a key with other parameters raises IdempotencyError", e.http_status == 400)

# Each error class.
try:
    stripe.Customer.retrieve("cus_missing")
except stripe.error.InvalidRequestError as e:
    check("a missing object is InvalidRequestError 404", e.http_status == 404 and e.code == "resource_missing")
try:
    stripe.Customer.create(api_key="sk_test_")
except stripe.error.AuthenticationError as e:
    check("a malformed key is AuthenticationError", e.http_status == 401)
try:
    stripe.Customer.list(stripe_account="acct_nobody")
except stripe.error.PermissionError as e:
    check("an unknown connected account is PermissionError", e.http_status == 403 and "acct_nobody" in e.user_message)
try:
    stripe.Customer.create(api_key=stripe.api_key, **{"emial": "x@example.com"})
except stripe.error.InvalidRequestError as e:
    check("a misspelt parameter says what was meant", "Did you mean email?" in e.user_message)

# Connected accounts and search.
seller = stripe.Account.create(type="express")
stripe.PaymentIntent.create(amount=4000, currency="usd", payment_method="pm_card_visa", confirm=True, application_fee_amount=400, stripe_account=seller.id)
check("a direct charge pays the platform its fee", stripe.ApplicationFee.list().data[0].amount == 400)
found = stripe.Customer.search(query="email:'jenny@example.com'")
check("search finds the customer", [c.id for c in found.data] == [customer.id])

# Webhooks, verified with stripe.Webhook.construct_event.
received = []


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        event = stripe.Webhook.construct_event(body, self.headers["Stripe-Signature"], SECRET)
        received.append(event.type)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = stripe.WebhookEndpoint.create(url=f"http://127.0.0.1:{server.server_port}/hook", enabled_events=["payment_intent.succeeded"])
SECRET = endpoint.secret
paid = stripe.PaymentIntent.create(amount=1200, currency="usd", payment_method="pm_card_visa", confirm=True)
helper("webhooks/flush")
check("a delivery verifies with stripe.Webhook.construct_event", received == ["payment_intent.succeeded"])

# Time travel: the payment's funds become available after the clock moves.
before = stripe.Balance.retrieve()
helper("advance", seconds=3 * 86400)
balance = stripe.Balance.retrieve()
check(
    "advancing the clock makes pending funds available",
    before.pending[0].amount > 0 and balance.pending[0].amount == 0 and balance.available[0].amount == before.available[0].amount + before.pending[0].amount,
)
# Money out: a payout to a bank account that fails returns its amount; a dispute won with evidence.
me = stripe.Account.retrieve()
stripe.Account.create_external_account(me.id, external_account="btok_us_verified_noAccount")
stripe.PaymentIntent.create(amount=10000, currency="usd", payment_method="pm_card_bypassPending", confirm=True)
payout = stripe.Payout.create(amount=5000, currency="usd")
helper("advance", seconds=3 * 86400)
payout = stripe.Payout.retrieve(payout.id)
check("a payout to a failing test bank account fails", payout.status == "failed" and payout.failure_code == "no_account")
disputed = stripe.PaymentIntent.create(amount=3000, currency="usd", payment_method="pm_card_createDispute", confirm=True)
dispute = stripe.Dispute.list(payment_intent=disputed.id).data[0]
stripe.Dispute.modify(dispute.id, evidence={"uncategorized_text": "winning_evidence"})
helper("advance", seconds=86400)
check("a dispute answered with winning_evidence is won", stripe.Dispute.retrieve(dispute.id).status == "won")
server.shutdown()
print("python flows: all passed")
