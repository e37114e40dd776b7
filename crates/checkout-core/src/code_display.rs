//! Payment codes shown on our own page (`orderCodeForm`): QR codes to scan and text codes
//! (payment passwords, bank-transfer references) to copy. Showing them saves the user a
//! redirect (integration guide, Step 2 "Invoke the payment process", table 7).

use ams::{CodeValueType, DisplayType, OrderCodeForm};

/// AMS promises at most four code details; more would be a broken answer, so the rest is ignored.
pub const MAX_CODE_DETAILS: usize = 4;

/// QR sizes for SMALLIMAGE, MIDDLEIMAGE and BIGIMAGE, in CSS pixels.
pub const SMALL_QR_PX: u32 = 160;
pub const MIDDLE_QR_PX: u32 = 220;
pub const BIG_QR_PX: u32 = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    /// What the QR code encodes (drawn by the widget as an SVG it generates itself).
    pub value: String,
    pub size_px: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodesView {
    pub qr: Vec<QrCode>,
    /// Shown as text with a copy button.
    pub text_codes: Vec<String>,
    /// `orderCodeForm.expireTime` as sent (ISO-8601); see `countdown::expiry_source`.
    pub expire_time: Option<String>,
}

/// What to tell the user to do with the codes; the widget maps it to a localized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeInstruction {
    /// "Scan the QR code with the payment app."
    ScanQr,
    /// "Enter this code in your banking or payment app."
    EnterCode,
    /// "Scan the QR code, or enter the code below."
    ScanQrOrEnterCode,
}

impl CodesView {
    pub fn is_empty(&self) -> bool {
        self.qr.is_empty() && self.text_codes.is_empty()
    }

    /// `None` when there is nothing to show.
    pub fn instruction(&self) -> Option<CodeInstruction> {
        match (self.qr.is_empty(), self.text_codes.is_empty()) {
            (false, true) => Some(CodeInstruction::ScanQr),
            (true, false) => Some(CodeInstruction::EnterCode),
            (false, false) => Some(CodeInstruction::ScanQrOrEnterCode),
            (true, true) => None,
        }
    }
}

/// How one code detail is shown.
enum Shown {
    Qr(u32),
    Text,
}

fn how_shown(value_type: &CodeValueType, display: &DisplayType) -> Shown {
    match (value_type, display) {
        // We draw QR codes only; a barcode's digits are what a cashier or app can take as text.
        (CodeValueType::BarCode, _) | (_, DisplayType::Text) => Shown::Text,
        (_, DisplayType::SmallImage) => Shown::Qr(SMALL_QR_PX),
        (_, DisplayType::MiddleImage) => Shown::Qr(MIDDLE_QR_PX),
        (_, DisplayType::BigImage) => Shown::Qr(BIG_QR_PX),
        // A new image size we do not know yet: still a QR code, at the middle size.
        (CodeValueType::QrCode, DisplayType::Unknown(_)) => Shown::Qr(MIDDLE_QR_PX),
        // Neither known: text is the form that cannot mislead a scanner.
        (CodeValueType::Unknown(_), DisplayType::Unknown(_)) => Shown::Text,
    }
}

/// The codes of `form`, skipping empty values and repeats (first occurrence wins).
pub fn codes_view(form: &OrderCodeForm) -> CodesView {
    let mut view = CodesView {
        expire_time: form.expire_time.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned),
        ..CodesView::default()
    };
    for detail in form.code_details.iter().take(MAX_CODE_DETAILS) {
        let value = detail.code_value.trim();
        if value.is_empty() {
            continue;
        }
        match how_shown(&detail.code_value_type, &detail.display_type) {
            Shown::Qr(size_px) => {
                if !view.qr.iter().any(|q| q.value == value) {
                    view.qr.push(QrCode { value: value.to_owned(), size_px });
                }
            }
            Shown::Text => {
                if !view.text_codes.iter().any(|t| t == value) {
                    view.text_codes.push(value.to_owned());
                }
            }
        }
    }
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use ams::CodeDetail;

    fn detail(value_type: &str, value: &str, display: &str) -> CodeDetail {
        CodeDetail {
            code_value_type: CodeValueType::parse(value_type),
            code_value: value.into(),
            display_type: DisplayType::parse(display),
        }
    }

    fn form(details: Vec<CodeDetail>) -> OrderCodeForm {
        OrderCodeForm { expire_time: Some("2026-01-01T12:00:00+08:00".into()), code_details: details }
    }

    #[test]
    fn image_display_types_pick_the_qr_size() {
        let view = codes_view(&form(vec![
            detail("QRCODE", "a", "SMALLIMAGE"),
            detail("QRCODE", "b", "MIDDLEIMAGE"),
            detail("QRCODE", "c", "BIGIMAGE"),
        ]));
        let sizes: Vec<(&str, u32)> = view.qr.iter().map(|q| (q.value.as_str(), q.size_px)).collect();
        assert_eq!(sizes, [("a", 160), ("b", 220), ("c", 300)]);
        assert!(view.text_codes.is_empty());
        assert_eq!(view.expire_time.as_deref(), Some("2026-01-01T12:00:00+08:00"));
        assert_eq!(view.instruction(), Some(CodeInstruction::ScanQr));
    }

    #[test]
    fn qr_and_text_both_shown_when_both_come() {
        let view =
            codes_view(&form(vec![detail("QRCODE", "qr-payload", "BIGIMAGE"), detail("QRCODE", "8841 2203", "TEXT")]));
        assert_eq!(view.qr, [QrCode { value: "qr-payload".into(), size_px: BIG_QR_PX }]);
        assert_eq!(view.text_codes, ["8841 2203"]);
        assert_eq!(view.instruction(), Some(CodeInstruction::ScanQrOrEnterCode));
    }

    #[test]
    fn barcodes_are_text_and_unknown_sizes_are_middle_qr() {
        let view =
            codes_view(&form(vec![detail("BARCODE", "123456789", "BIGIMAGE"), detail("QRCODE", "q", "HOLOGRAM")]));
        assert_eq!(view.text_codes, ["123456789"]);
        assert_eq!(view.qr, [QrCode { value: "q".into(), size_px: MIDDLE_QR_PX }]);
        let odd = codes_view(&form(vec![detail("NFC", "x", "HOLOGRAM"), detail("NFC", "y", "SMALLIMAGE")]));
        assert_eq!(odd.text_codes, ["x"]);
        assert_eq!(odd.qr, [QrCode { value: "y".into(), size_px: SMALL_QR_PX }]);
    }

    #[test]
    fn empties_repeats_and_extras_are_dropped() {
        let view = codes_view(&OrderCodeForm {
            expire_time: Some("  ".into()),
            code_details: vec![
                detail("QRCODE", "", "BIGIMAGE"),
                detail("QRCODE", "   ", "TEXT"),
                detail("QRCODE", "same", "BIGIMAGE"),
                detail("QRCODE", "same", "SMALLIMAGE"),
                detail("QRCODE", "fifth", "TEXT"),
            ],
        });
        assert_eq!(view.qr, [QrCode { value: "same".into(), size_px: BIG_QR_PX }]);
        assert!(view.text_codes.is_empty(), "the fifth detail is beyond the four AMS allows");
        assert_eq!(view.expire_time, None);
        assert!(!view.is_empty());

        let nothing = codes_view(&form(vec![detail("QRCODE", "", "TEXT")]));
        assert!(nothing.is_empty());
        assert_eq!(nothing.instruction(), None);
    }
}
