//! As-you-type masks for digit codes: keep the digits, put the separators where people expect them.

/// The first `max_digits` digits of `raw`, with `separators[i].1` inserted before digit number
/// `separators[i].0` (counting from 0). Everything that is not an ASCII digit is dropped.
pub fn digits_with_separators(raw: &str, max_digits: usize, separators: &[(usize, char)]) -> String {
    let mut out = String::with_capacity(max_digits + separators.len());
    for (i, c) in raw.chars().filter(char::is_ascii_digit).take(max_digits).enumerate() {
        if let Some((_, sep)) = separators.iter().find(|(at, _)| *at == i) {
            out.push(*sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_go_before_their_digit() {
        assert_eq!(digits_with_separators("12a3456789", 6, &[(3, ' ')]), "123 456");
        assert_eq!(digits_with_separators("12", 6, &[(3, ' ')]), "12");
        assert_eq!(digits_with_separators("123", 6, &[(3, ' ')]), "123", "no dangling separator");
        assert_eq!(digits_with_separators("52998224725", 11, &[(3, '.'), (6, '.'), (9, '-')]), "529.982.247-25");
    }
}
