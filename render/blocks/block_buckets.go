package blocks

import (
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

// defaultEmptyBucket is the placeholder row's text of an empty bucket.
const defaultEmptyBucket = "None currently"

// renderBucketB1 renders the bucket B1 table: production-required items
// that are locally missing, with their risk and promotion priority.
func renderBucketB1(s *site.Site, b *site.Block) (string, error) {
	header := []string{"Infra", "Risk if Not Tested", "Promotion Priority"}
	return renderBucket(s, b, "B1", header, func(bk *site.Bucket) []string { return []string{bk.Risk, bk.Priority} }), nil
}

// renderBucketB2 renders the bucket B2 table: intentionally deferred items
// with their justification and review trigger.
func renderBucketB2(s *site.Site, b *site.Block) (string, error) {
	header := []string{"Infra", "Justification", "Review Trigger"}
	return renderBucket(s, b, "B2", header, func(bk *site.Bucket) []string { return []string{bk.Justification, bk.ReviewTrigger} }), nil
}

func renderBucket(s *site.Site, b *site.Block, id string, header []string, columns func(*site.Bucket) []string) string {
	var rows [][]string
	for _, it := range s.Registry.Items {
		if it.Bucket == nil || it.Bucket.ID != id {
			continue
		}
		label := it.Bucket.Label
		if label == "" {
			label = it.Name
		}
		rows = append(rows, cells(append([]string{label}, columns(it.Bucket)...)...))
	}
	if rows == nil {
		empty, ok := b.Option("empty")
		if !ok {
			empty = defaultEmptyBucket
		}
		rows = append(rows, placeholderRow(empty, len(header)))
	}
	return mdTable(header, rows)
}

// kindBucketB1 is the bucket-b1 block kind.
var kindBucketB1 = &Kind{Spec: markers.BlockKind{Name: "bucket-b1", Summary: "bucket B1 items (Infra, Risk if Not Tested, Promotion Priority); a placeholder row when there are none", Options: []markers.BlockOption{
	{Name: "empty", Summary: `the placeholder row's text when the bucket is empty, e.g. empty="None currently"`},
}}, Render: renderBucketB1}

// kindBucketB2 is the bucket-b2 block kind.
var kindBucketB2 = &Kind{Spec: markers.BlockKind{Name: "bucket-b2", Summary: "bucket B2 items (Infra, Justification, Review Trigger); a placeholder row when there are none", Options: []markers.BlockOption{
	{Name: "empty", Summary: `the placeholder row's text when the bucket is empty`},
}}, Render: renderBucketB2}
