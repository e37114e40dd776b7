//! Orders: the demo catalogue (the server decides what is sold and for how much), storage,
//! and the order's view for the widget.

use ams::Amount;
use checkout_core::merchant_api::{OrderStatus, OrderView, PaymentView};

use super::status::OrderState;
use crate::db::{now_ms, Pool};

/// One product of the demo shop. Amounts are in the currency's minor unit.
#[derive(Debug, Clone, Copy)]
pub struct Product {
    pub id: &'static str,
    pub description: &'static str,
    pub currency: &'static str,
    pub amount_minor: u64,
}

/// The demo catalogue. Currencies are chosen so each product has several sandbox methods.
pub const PRODUCTS: &[Product] = &[
    Product { id: "tea", description: "Oolong tea, 100 g", currency: "USD", amount_minor: 1250 },
    Product { id: "teaset", description: "Porcelain tea set, pot and four cups", currency: "HKD", amount_minor: 46800 },
    Product { id: "matcha", description: "Ceremonial matcha from Uji, 30 g", currency: "JPY", amount_minor: 3200 },
    Product { id: "kimono", description: "Cotton yukata", currency: "JPY", amount_minor: 8000 },
    Product { id: "mooncakes", description: "Lotus seed mooncakes, box of 4", currency: "HKD", amount_minor: 8800 },
    Product { id: "dumplings", description: "Frozen dumplings, 30 pieces", currency: "CNY", amount_minor: 4500 },
    Product { id: "adobo", description: "Adobo spice kit", currency: "PHP", amount_minor: 35000 },
    Product { id: "kimchi", description: "Kimchi, 1 kg", currency: "KRW", amount_minor: 15000 },
    Product { id: "songket", description: "Songket scarf", currency: "MYR", amount_minor: 12900 },
    Product { id: "coffee", description: "Kopi luwak, 50 g", currency: "IDR", amount_minor: 25_000_000 },
    Product { id: "mango", description: "Dried mango, 500 g", currency: "THB", amount_minor: 25000 },
    Product { id: "chocolate", description: "Belgian chocolate, 200 g", currency: "EUR", amount_minor: 990 },
    Product { id: "pierogi", description: "Pierogi, box of 12", currency: "PLN", amount_minor: 3900 },
    Product { id: "acai", description: "Acai bowl kit", currency: "BRL", amount_minor: 4990 },
    Product { id: "salsa", description: "Salsa macha, 250 ml", currency: "MXN", amount_minor: 15000 },
    Product { id: "kaya", description: "Kaya jam, 400 g", currency: "SGD", amount_minor: 850 },
    Product { id: "cafe", description: "Vietnamese coffee, 250 g", currency: "VND", amount_minor: 85000 },
];

pub fn product(id: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.id == id)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub order_ref: String,
    pub product: String,
    pub description: String,
    pub currency: String,
    pub amount_minor: i64,
    pub user_region: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: OrderState,
    pub paid_payment_ref: Option<String>,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
}

impl OrderRow {
    pub fn amount(&self) -> Amount {
        Amount::from_minor(&self.currency, self.amount_minor.max(0) as u64)
    }

    pub fn is_paid(&self) -> bool {
        self.status == OrderState::Paid
    }

    /// The status the widget sees: an open order past its expiry is EXPIRED.
    pub fn view_status(&self, now_ms: i64) -> OrderStatus {
        match self.status {
            OrderState::Paid => OrderStatus::Paid,
            OrderState::Closed => OrderStatus::Closed,
            OrderState::Open if now_ms >= self.expires_at_ms => OrderStatus::Expired,
            OrderState::Open => OrderStatus::Open,
            OrderState::Unknown(_) => OrderStatus::Unknown,
        }
    }

    pub fn view(&self, latest_payment: Option<PaymentView>) -> OrderView {
        OrderView {
            order_ref: self.order_ref.clone(),
            status: self.view_status(now_ms()),
            amount: self.amount(),
            description: self.description.clone(),
            expires_at_ms: Some(self.expires_at_ms),
            latest_payment,
        }
    }
}

const COLUMNS: &str = "order_ref, product, description, currency, amount_minor, user_region, status, \
                       paid_payment_ref, created_at_ms, expires_at_ms";

pub fn new_order_ref() -> String {
    format!("ord_{}", uuid::Uuid::new_v4().simple())
}

pub async fn create(
    pool: &Pool,
    product: &Product,
    user_region: Option<String>,
    ttl_ms: i64,
) -> Result<OrderRow, sqlx::Error> {
    let now = now_ms();
    let row = OrderRow {
        order_ref: new_order_ref(),
        product: product.id.to_owned(),
        description: product.description.to_owned(),
        currency: product.currency.to_owned(),
        amount_minor: product.amount_minor as i64,
        user_region,
        status: OrderState::Open,
        paid_payment_ref: None,
        created_at_ms: now,
        expires_at_ms: now + ttl_ms,
    };
    sqlx::query(
        "INSERT INTO orders (order_ref, product, description, currency, amount_minor, user_region, \
         status, paid_payment_ref, created_at_ms, expires_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&row.order_ref)
    .bind(&row.product)
    .bind(&row.description)
    .bind(&row.currency)
    .bind(row.amount_minor)
    .bind(&row.user_region)
    .bind(row.status.as_str())
    .bind(&row.paid_payment_ref)
    .bind(row.created_at_ms)
    .bind(row.expires_at_ms)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(row)
}

pub async fn load(pool: &Pool, order_ref: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as::<_, OrderRow>(&format!("SELECT {COLUMNS} FROM orders WHERE order_ref = $1"))
        .bind(order_ref)
        .fetch_optional(pool)
        .await
}

/// Whether a start of a new attempt holds the order's lease right now.
pub async fn start_lease_held(pool: &Pool, order_ref: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT start_until_ms FROM orders WHERE order_ref = $1")
        .bind(order_ref)
        .fetch_optional(pool)
        .await?;
    Ok(row.and_then(|r| r.0).is_some_and(|until| until >= now_ms()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_amounts_are_valid() {
        for p in PRODUCTS {
            let a = Amount::from_minor(p.currency, p.amount_minor);
            assert!(a.to_major_string().is_ok(), "{}", p.id);
        }
        assert_eq!(product("tea").unwrap().amount_minor, 1250);
        assert!(product("nope").is_none());
    }
}
