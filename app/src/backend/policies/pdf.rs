//! The electronic policy (电子保单) as a PDF, drawn on the server: one A4 page with the
//! policy's facts, its coverages and the people on it, in Chinese. The text is set in a CJK
//! font embedded as a subset of the glyphs used, so it reads (and copies) the same on every
//! device, with or without Chinese fonts of its own.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use crate::domain::calendar::insurer_date;
use crate::domain::INSURER_HOTLINE;
use crate::error::{internal_error, AppError};
use crate::locale::{format_date, Locale};
use crate::model::policies::PolicyDetail;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 48.0;

const INK: (u8, u8, u8) = (20, 33, 61);
const MUTED: (u8, u8, u8) = (94, 104, 125);
const BRAND: (u8, u8, u8) = (11, 92, 171);
const RULE: (u8, u8, u8) = (221, 227, 236);

/// A pen that writes lines down the page.
struct Pen<'a, 'b> {
    surface: &'a mut Surface<'b>,
    font: Font,
    y: f32,
}

impl Pen<'_, '_> {
    fn fill(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, colour: (u8, u8, u8), text: &str) {
        if text.is_empty() {
            return;
        }
        self.fill(colour);
        self.surface.draw_text(
            Point::from_xy(x, y),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: (u8, u8, u8)) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else {
            return;
        };
        let mut path = PathBuilder::new();
        path.push_rect(rect);
        if let Some(path) = path.finish() {
            self.fill(colour);
            self.surface.draw_path(&path);
        }
    }

    fn heading(&mut self, text: &str) {
        self.y += 18.0;
        self.text_at(MARGIN, self.y, 13.0, BRAND, text);
        self.y += 8.0;
        self.rect(MARGIN, self.y, WIDTH - 2.0 * MARGIN, 0.8, RULE);
        self.y += 16.0;
    }

    /// A label and its value on one line.
    fn field(&mut self, label: &str, value: &str) {
        self.text_at(MARGIN, self.y, 10.0, MUTED, label);
        self.text_at(MARGIN + 96.0, self.y, 11.0, INK, value);
        self.y += 19.0;
    }

    /// A row of cells at the given x positions.
    fn row(&mut self, cells: &[(f32, &str)], colour: (u8, u8, u8), size: f32) {
        for (x, text) in cells {
            self.text_at(MARGIN + x, self.y, size, colour, text);
        }
        self.y += 18.0;
    }
}

/// The policy as a one-page PDF, in Chinese.
pub fn render(
    detail: &PolicyDetail,
    font: &crate::backend::platform::pdf_font::PdfFont,
    now_ms: i64,
) -> Result<Vec<u8>, AppError> {
    let font = font.get()?;
    let zh = Locale::ZhCn;
    let s = &detail.summary;
    let mut document = Document::new();
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| internal_error(&"page size"))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
        font,
        y: 0.0,
    };

    // The brand band.
    pen.rect(0.0, 0.0, WIDTH, 84.0, BRAND);
    pen.text_at(MARGIN, 44.0, 20.0, (255, 255, 255), &zh.text("app.brand"));
    pen.text_at(MARGIN, 66.0, 11.0, (227, 239, 252), "电子保单 · Electronic policy");
    pen.y = 120.0;
    pen.text_at(MARGIN, pen.y, 18.0, INK, &s.product_name_zh);
    pen.y += 18.0;
    pen.text_at(MARGIN, pen.y, 10.0, MUTED, &s.product_name_en);
    pen.y += 10.0;

    pen.heading("保单信息");
    pen.field(&zh.text("policy.number"), &s.policy_no);
    pen.field("险种", &zh.text(&s.line.label_key()));
    pen.field("保单状态", &zh.text(&s.status.label_key()));
    pen.field(&zh.text("policy.holder"), &detail.holder_name);
    pen.field(
        &zh.text("policy.period"),
        &format!(
            "{} 零时起至 {} 二十四时止",
            format_date(&s.period_start, zh),
            format_date(&s.period_end, zh)
        ),
    );
    pen.field(&zh.text("policy.sum_insured"), &s.sum_insured.to_string());
    pen.field(
        &zh.text("policy.premium"),
        &format!("{}（{}）", s.premium, zh.text(&s.payment_frequency.label_key())),
    );

    pen.heading(&zh.text("policy.coverages"));
    pen.row(
        &[(0.0, &zh.text("policy.coverage")), (330.0, &zh.text("policy.limit"))],
        MUTED,
        10.0,
    );
    for coverage in &detail.coverages {
        pen.row(
            &[(0.0, &coverage.name_zh), (330.0, &coverage.limit.to_string())],
            INK,
            11.0,
        );
    }

    pen.heading(&zh.text("policy.insured"));
    for person in &detail.insured {
        let relation = zh.text(&person.relation.label_key());
        pen.row(
            &[
                (0.0, &person.name),
                (150.0, &person.id_number_masked),
                (330.0, &relation),
            ],
            INK,
            11.0,
        );
    }

    pen.heading(&zh.text("policy.beneficiaries"));
    if detail.beneficiaries.is_empty() {
        pen.row(&[(0.0, &zh.text("policy.beneficiaries_none"))], INK, 10.5);
    }
    for b in &detail.beneficiaries {
        let relation = zh.text(&b.relation.label_key());
        let share = format!("{}%", b.share_percent);
        pen.row(
            &[
                (0.0, &b.name),
                (150.0, &b.id_number_masked),
                (330.0, &relation),
                (420.0, &share),
            ],
            INK,
            11.0,
        );
    }

    // Whom to call, and when this copy was made.
    let footer_y = HEIGHT - 56.0;
    pen.rect(MARGIN, footer_y - 18.0, WIDTH - 2.0 * MARGIN, 0.8, RULE);
    pen.text_at(
        MARGIN,
        footer_y,
        9.0,
        MUTED,
        "本电子保单与纸质保单具有同等效力；证件号码已作部分隐藏。",
    );
    pen.text_at(
        MARGIN,
        footer_y + 16.0,
        9.0,
        MUTED,
        &format!(
            "客服热线 {INSURER_HOTLINE}（7×24 小时） · 生成日期 {}",
            format_date(&insurer_date(now_ms).iso(), zh)
        ),
    );

    surface.finish();
    page.finish();
    document.finish().map_err(|e| internal_error(&format!("{e:?}")))
}
