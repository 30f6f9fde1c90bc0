use precis_ingest::{clean, clean_in, Lang};
fn main() {
    for p in std::env::args().skip(1) {
        let data = std::fs::read(&p).unwrap();
        let text = String::from_utf8_lossy(&data[1..]).into_owned();
        let k = usize::from(data[0]) % (Lang::COUNT + 1);
        let (c, lang) = if k == Lang::COUNT {
            let l = precis_text::lang::detect(&text);
            (clean(&text), l)
        } else {
            let l = Lang::all().nth(usize::from(data[0]) % Lang::COUNT).unwrap();
            (clean_in(&text, l), l)
        };
        let again = clean_in(&c.text, lang);
        println!(
            "{p}: lang {lang:?} stable={} again.removed={}",
            again.text == c.text,
            again.removed.len()
        );
        if again.text != c.text || !again.removed.is_empty() {
            let a: Vec<&str> = c.text.lines().collect();
            let b: Vec<&str> = again.text.lines().collect();
            println!("1: {} lines, first {:?}", a.len(), &a[..a.len().min(4)]);
            println!("2: {} lines, first {:?}", b.len(), &b[..b.len().min(4)]);
            for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                if x != y {
                    println!("diff at line {i}:\n {x:?}\n {y:?}");
                    break;
                }
            }
            println!(
                "removed2 {:?}",
                again.removed.iter().take(5).collect::<Vec<_>>()
            );
        }
    }
}
