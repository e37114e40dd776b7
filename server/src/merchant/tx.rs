//! The transaction type of [`crate::db::Pool`], whatever database the pool drives, so store
//! functions can take part in one caller's transaction.

pub trait PoolDatabase {
    type Db: sqlx::Database;
}

impl<DB: sqlx::Database> PoolDatabase for sqlx::Pool<DB> {
    type Db = DB;
}

/// The database behind [`crate::db::Pool`].
pub type Db = <crate::db::Pool as PoolDatabase>::Db;

/// A transaction begun on [`crate::db::Pool`].
pub type Tx = sqlx::Transaction<'static, Db>;
