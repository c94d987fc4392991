use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::{Backend, Error, Op, Table};

type Tables = BTreeMap<Table, BTreeMap<String, Vec<u8>>>;

/// A [`Backend`] in memory, for native tests. Clones share the same data (like two tabs on
/// one IndexedDB database).
#[derive(Debug, Clone, Default)]
pub struct MemoryBackend {
    tables: Rc<RefCell<Tables>>,
}

impl MemoryBackend {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Total bytes of all values in a table (tests check that space was freed).
    pub fn bytes_in(&self, table: Table) -> usize {
        self.tables
            .borrow()
            .get(&table)
            .map(|t| t.values().map(Vec::len).sum())
            .unwrap_or(0)
    }
}

fn prefixed<'a>(
    t: &'a BTreeMap<String, Vec<u8>>,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a String, &'a Vec<u8>)> {
    t.range(prefix.to_owned()..)
        .take_while(move |(k, _)| k.starts_with(prefix))
}

impl Backend for MemoryBackend {
    async fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>, Error> {
        Ok(self
            .tables
            .borrow()
            .get(&table)
            .and_then(|t| t.get(key).cloned()))
    }

    async fn scan(&self, table: Table, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let tables = self.tables.borrow();
        Ok(tables
            .get(&table)
            .map(|t| {
                prefixed(t, prefix)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn keys(&self, table: Table, prefix: &str) -> Result<Vec<String>, Error> {
        let tables = self.tables.borrow();
        Ok(tables
            .get(&table)
            .map(|t| prefixed(t, prefix).map(|(k, _)| k.clone()).collect())
            .unwrap_or_default())
    }

    async fn commit(&self, ops: Vec<Op>) -> Result<(), Error> {
        let mut tables = self.tables.borrow_mut();
        for op in &ops {
            match op {
                Op::Expect { table, key, value } => {
                    let current = tables.get(table).and_then(|t| t.get(key));
                    if current != value.as_ref() {
                        return Err(Error::Conflict {
                            table: table.name(),
                            key: key.clone(),
                        });
                    }
                }
                Op::ExpectPresent { table, key }
                    if !tables.get(table).is_some_and(|t| t.contains_key(key)) =>
                {
                    return Err(Error::Conflict {
                        table: table.name(),
                        key: key.clone(),
                    });
                }
                _ => {}
            }
        }
        for op in ops {
            match op {
                Op::Put { table, key, value } => {
                    tables.entry(table).or_default().insert(key, value);
                }
                Op::Delete { table, key } => {
                    if let Some(t) = tables.get_mut(&table) {
                        t.remove(&key);
                    }
                }
                Op::DeletePrefix { table, prefix } => {
                    if let Some(t) = tables.get_mut(&table) {
                        t.retain(|k, _| !k.starts_with(&prefix));
                    }
                }
                Op::Expect { .. } | Op::ExpectPresent { .. } => {}
            }
        }
        Ok(())
    }
}
