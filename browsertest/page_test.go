package browsertest

import (
	"context"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp/kb"
)

func pageAddScript(ctx context.Context, src string) (page.ScriptIdentifier, error) {
	return page.AddScriptToEvaluateOnNewDocument(src).Do(ctx)
}

type contextT = context.Context

const (
	kb_Escape    = kb.Escape
	kb_ArrowDown = kb.ArrowDown
	kb_Delete    = kb.Delete
)
