//! Reading a paged list to its end (decision users-api-paging), for every list the
//! API serves: the users, the teams, the projects and a project's teams.

use super::model::Link;
use crate::error::{Error, Result};

/// The largest page the lists serve.
pub const PAGE_SIZE: usize = 500;

/// More pages than this (a million items) means the server never says it is done.
pub const MAX_PAGES: usize = 2000;

/// Whether another page follows one that held `got` items: never from `totalCount`,
/// an estimate. A `next` link says yes; links without one say no; without links a full
/// page may have a successor, and an empty page ends the list. The next page is always
/// built by the caller (same path and query, `pageNum` + 1), so a `next` link's `href`
/// is never followed to another host or path.
pub fn more_pages(links: Option<&[Link]>, got: usize) -> bool {
    if got == 0 {
        return false;
    }
    match links {
        Some(links) if links.iter().any(|l| l.rel.as_deref() == Some("next")) => true,
        Some(links) if !links.is_empty() => false,
        _ => got >= PAGE_SIZE,
    }
}

/// Every item of a list, in the order the API lists them: `page(n)` fetches page `n`
/// (from 1) as its links and items. `what` names the list in the error when it does
/// not end.
pub fn all<T>(
    what: &str,
    mut page: impl FnMut(usize) -> Result<(Option<Vec<Link>>, Vec<T>)>,
) -> Result<Vec<T>> {
    let mut all = Vec::new();
    for n in 1..=MAX_PAGES {
        let (links, items) = page(n)?;
        let more = more_pages(links.as_deref(), items.len());
        all.extend(items);
        if !more {
            return Ok(all);
        }
    }
    Err(Error::Api(format!(
        "{what} did not end after {MAX_PAGES} pages of {PAGE_SIZE}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_ends_on_links_and_short_pages_never_on_the_count() {
        let link = |rel: &str| Link {
            href: Some(format!("https://elsewhere.example/x?{rel}")),
            rel: Some(rel.into()),
        };
        let (selfl, next) = (link("self"), link("next"));
        for (links, got, want) in [
            // A next link: another page, even after a short one (a server may cap the page size).
            (Some(vec![selfl.clone(), next.clone()]), PAGE_SIZE, true),
            (Some(vec![selfl.clone(), next.clone()]), 10, true),
            // Links without next: the server says this is the last page.
            (Some(vec![selfl.clone()]), PAGE_SIZE, false),
            (Some(vec![selfl.clone()]), 3, false),
            // No links: a full page may have a successor, a short one does not.
            (None, PAGE_SIZE, true),
            (Some(vec![]), PAGE_SIZE, true),
            (None, PAGE_SIZE - 1, false),
            // An empty page ends the list whatever it links to.
            (Some(vec![next.clone()]), 0, false),
            (None, 0, false),
        ] {
            assert_eq!(more_pages(links.as_deref(), got), want, "{links:?} {got}");
        }
    }

    #[test]
    fn all_pages_in_order_and_a_list_that_never_ends_is_an_error() {
        let mut asked = Vec::new();
        let got = all("x", |n| {
            asked.push(n);
            let items = if n < 3 { vec![n; PAGE_SIZE] } else { vec![n] };
            Ok((None, items))
        })
        .unwrap();
        assert_eq!(asked, [1, 2, 3]);
        assert_eq!(got.len(), 2 * PAGE_SIZE + 1);
        assert_eq!(got.last(), Some(&3));

        let err = all("/p: the list", |n| Ok((None, vec![n; PAGE_SIZE]))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/p: the list did not end after 2000 pages of 500"
        );
        let err = all::<u8>("/p", |_| Err(Error::Api("boom".into()))).unwrap_err();
        assert_eq!(err.to_string(), "boom");
    }
}
