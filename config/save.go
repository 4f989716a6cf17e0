package config

import (
	"bytes"
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"
)

// Merge sets answers in a settings file's content, keeping every other key,
// the order and the comments; existing answers with the same key are
// replaced. It returns the new content.
func Merge(existing []byte, answers map[string]string) ([]byte, error) {
	return edit(existing, "Answers saved by dockerize init: flags win over them, and they win over\ndetection. See the README's Settings section.", func(root *yaml.Node) {
		keys := make([]string, 0, len(answers))
		for k := range answers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			value := &yaml.Node{Kind: yaml.ScalarNode, Value: answers[k], Tag: "!!str"}
			if !replace(root, k, func(old *yaml.Node) *yaml.Node { value.LineComment = old.LineComment; return value }) {
				root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, value)
			}
		}
	})
}

// MergeServices sets the services list in a settings file's content,
// keeping every other key, the order and the comments.
func MergeServices(existing []byte, names []string) ([]byte, error) {
	return edit(existing, "Settings saved by dockerize init. See the README's Settings section.", func(root *yaml.Node) {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, n := range names {
			list.Content = append(list.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: n, Tag: "!!str"})
		}
		if !replace(root, ServicesKey, func(*yaml.Node) *yaml.Node { return list }) {
			root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: ServicesKey, HeadComment: "The services dockerize init --all writes (dockerize detect lists them all)."}, list)
		}
	})
}

// edit parses a settings file's content (a new document headed by comment
// when it is empty), lets change edit its top-level mapping and encodes the
// result, comments and order kept.
func edit(existing []byte, comment string, change func(root *yaml.Node)) ([]byte, error) {
	var doc yaml.Node
	if len(bytes.TrimSpace(existing)) > 0 {
		if err := yaml.Unmarshal(existing, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", FileName, err)
		}
	}
	if len(doc.Content) == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, HeadComment: comment}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: expected a mapping of settings", FileName)
	}
	change(root)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// replace sets the value of every key in the mapping to with(old value),
// and reports whether the key was there.
func replace(root *yaml.Node, key string, with func(old *yaml.Node) *yaml.Node) bool {
	found := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			root.Content[i+1] = with(root.Content[i+1])
			found = true
		}
	}
	return found
}
