// helm-render: renders a Helm chart the way `helm template` does, for machines without helm.
//
// There is no helm binary here (not in Debian, and the npm packages that wrap it download it at
// install time). Helm's template engine is Go's text/template with the sprig function library plus
// a few functions of helm's own; Debian packages Go, sprig and sigs.k8s.io/yaml (the YAML library
// helm uses), so this program rebuilds that engine from them, following helm v3's pkg/engine and
// pkg/chartutil:
//
//   - values: the chart's values.yaml, then each -f file merged over it in order, then each
//     --set-json key=json; read with sigs.k8s.io/yaml as helm reads them (so numbers are float64,
//     as in helm), merged and coalesced as helm does (maps merge, a null deletes the default);
//   - the context: .Values, .Release (Name, Namespace, Revision 1, IsInstall, Service "Helm"),
//     .Chart (Chart.yaml as helm's chart.Metadata), .Capabilities (KubeVersion, APIVersions,
//     HelmVersion), .Template (Name, BasePath), .Files;
//   - the functions: sprig's TxtFuncMap without env/expandenv, and helm's include, tpl, required,
//     fail (with helm's error wrapping), toYaml, mustToYaml, fromYaml, fromYamlArray, toJson,
//     mustToJson, fromJson, fromJsonArray, lookup (an empty map, as in `helm template`);
//   - every file of templates/ parsed into one template set named <chart>/templates/<file>; the
//     files whose name starts with "_" only define templates; missingkey=zero and "<no value>"
//     removed (or missingkey=error with --strict, as `helm lint --strict`); --lint makes fail and
//     required only log, as helm lint does;
//   - the chart's kubeVersion checked against --kube-version (helm's DefaultCapabilities);
//   - the output split into YAML documents, each parsed as helm does (a parse error fails the
//     render), hooks (helm.sh/hook) listed after the other manifests, the others in helm's
//     install order; NOTES.txt rendered too (an error in it fails, as in helm) and printed only
//     with --output json.
//
// What it does not do: values.schema.json validation (the test runs ajv for that), helm's
// chart-loading checks beyond the basics, subcharts and dependencies, .helmignore, lint's other
// rules, Kubernetes schema validation, and of course an install.
//
// Usage (every flag optional; -f and --set-json repeat):
//
//	helm-render [--name crm] [--namespace default] [--kube-version v1.30.0] [-f values.yaml]
//	  [--set-json key.path=<json>] [--strict] [--lint] [--output yaml|json] CHART_DIR
//
// Exit status 1 with helm's "Error: ..." message on stderr when the chart does not render.
//
// Build (offline, GOPATH mode against Debian's Go sources; test/dist/helm.test.ts does this and
// caches the binary in .cache/helm-render/):
//
//	apt-get install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev
//	cd test/dist/helm-render && GO111MODULE=off GOPATH=/usr/share/gocode go build -o helm-render .
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	// Built in GOPATH mode against Debian's /usr/share/gocode (no module download): there the
	// packages sit at their import paths without the /v3 suffix their go.mod files declare.
	"github.com/Masterminds/semver"
	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

// Metadata is helm's chart.Metadata (the fields templates reach as .Chart.X).
type Metadata struct {
	Name         string            `json:"name,omitempty"`
	Home         string            `json:"home,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Version      string            `json:"version,omitempty"`
	Description  string            `json:"description,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `json:"maintainers,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	APIVersion   string            `json:"apiVersion,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Tags         string            `json:"tags,omitempty"`
	AppVersion   string            `json:"appVersion,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Dependencies []interface{}     `json:"dependencies,omitempty"`
	Type         string            `json:"type,omitempty"`
}

type Maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

// KubeVersion and Capabilities follow helm's chartutil types.
type KubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

func (kv *KubeVersion) String() string { return kv.Version }

type VersionSet []string

func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type HelmVersion struct {
	Version      string
	GitCommit    string
	GitTreeState string
	GoVersion    string
}

type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion HelmVersion
}

// Files is helm's .Files (the chart's files outside templates/).
type Files map[string][]byte

func (f Files) GetBytes(name string) []byte { return f[name] }
func (f Files) Get(name string) string      { return string(f[name]) }
func (f Files) Lines(name string) []string {
	s := string(f[name])
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}
func (f Files) Glob(pattern string) Files {
	out := Files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = data
		}
	}
	return out
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// The API versions `helm template` assumes without a cluster (helm's DefaultVersionSet, abridged).
var defaultAPIVersions = VersionSet{
	"v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1", "rbac.authorization.k8s.io/v1",
	"autoscaling/v2", "storage.k8s.io/v1", "apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1",
	"coordination.k8s.io/v1", "discovery.k8s.io/v1", "scheduling.k8s.io/v1", "node.k8s.io/v1",
}

// helm's releaseutil.InstallOrder.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
	"PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
	"PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
	"ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
	"RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("helm-render: ")
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "Error: %s\n", err)
		os.Exit(1)
	}
}

type options struct {
	name, namespace, kubeVersion, output string
	valueFiles, setJSON                  multiFlag
	strict, lint                         bool
	chartDir                             string
}

func parseArgs(args []string) (*options, error) {
	o := &options{name: "release-name", namespace: "default", kubeVersion: "v1.30.0", output: "yaml"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag %s needs a value", a)
			}
			i++
			return args[i], nil
		}
		var err error
		var v string
		switch a {
		case "--name":
			v, err = next()
			o.name = v
		case "--namespace", "-n":
			v, err = next()
			o.namespace = v
		case "--kube-version":
			v, err = next()
			o.kubeVersion = v
		case "--output", "-o":
			v, err = next()
			o.output = v
		case "-f", "--values":
			v, err = next()
			o.valueFiles = append(o.valueFiles, v)
		case "--set-json":
			v, err = next()
			o.setJSON = append(o.setJSON, v)
		case "--strict":
			o.strict = true
		case "--lint":
			o.lint = true
		default:
			if strings.HasPrefix(a, "-") {
				return nil, fmt.Errorf("unknown flag %s", a)
			}
			if o.chartDir != "" {
				return nil, fmt.Errorf("one chart directory, please (got %s and %s)", o.chartDir, a)
			}
			o.chartDir = a
		}
		if err != nil {
			return nil, err
		}
	}
	if o.chartDir == "" {
		return nil, errors.New("usage: helm-render [--name N] [--namespace NS] [-f values.yaml]... [--set-json key=json]... [--strict] [--lint] [--output yaml|json] CHART_DIR")
	}
	if o.output != "yaml" && o.output != "json" {
		return nil, fmt.Errorf("--output must be yaml or json, not %q", o.output)
	}
	return o, nil
}

// readValues is helm's chartutil.ReadValues: YAML through sigs.k8s.io/yaml (JSON numbers: float64).
func readValues(data []byte) (map[string]interface{}, error) {
	vals := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &vals); err != nil {
		return nil, err
	}
	if vals == nil {
		vals = map[string]interface{}{}
	}
	return vals, nil
}

// mergeMaps is helm's values merge for -f files and --set: b over a, maps merged recursively.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(map[string]interface{}); ok {
			if bv, ok := out[k]; ok {
				if bm, ok := bv.(map[string]interface{}); ok {
					out[k] = mergeMaps(bm, vm)
					continue
				}
			}
		}
		out[k] = v
	}
	return out
}

// coalesce is helm's chartutil.CoalesceValues for one chart: the chart's defaults fill in what
// the user did not set; a user's null removes the default.
func coalesce(user, defaults map[string]interface{}) map[string]interface{} {
	for k, dv := range defaults {
		uv, set := user[k]
		if !set {
			user[k] = dv
			continue
		}
		if uv == nil {
			delete(user, k)
			continue
		}
		um, uok := uv.(map[string]interface{})
		dm, dok := dv.(map[string]interface{})
		if uok && dok {
			user[k] = coalesce(um, dm)
		} else if uok != dok && dv != nil {
			log.Printf("warning: cannot overwrite table with non table for %s (%v)", k, dv)
		}
	}
	// A null the user set for a key with no default is dropped too.
	for k, v := range user {
		if v == nil {
			delete(user, k)
		}
	}
	return user
}

func setJSONValue(vals map[string]interface{}, spec string) error {
	eq := strings.Index(spec, "=")
	if eq <= 0 {
		return fmt.Errorf("--set-json %q: want key.path=<json>", spec)
	}
	var v interface{}
	if err := json.Unmarshal([]byte(spec[eq+1:]), &v); err != nil {
		return fmt.Errorf("--set-json %q: %w", spec, err)
	}
	keys := strings.Split(spec[:eq], ".")
	cur := vals
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			cur[k] = next
		}
		cur = next
	}
	cur[keys[len(keys)-1]] = v
	return nil
}

// Helm's error wrapping (pkg/engine): fail and required mark their message so that the
// execution error can be reduced to it.
const warnStartDelim, warnEndDelim = "HELM_ERR_START", "HELM_ERR_END"

var errRegexp = regexp.MustCompile(`(?s)` + warnStartDelim + `(.*?)` + warnEndDelim)

func warnWrap(warn string) string { return warnStartDelim + warn + warnEndDelim }

func cleanupExecError(filename string, err error) error {
	var execErr template.ExecError
	if !errors.As(err, &execErr) {
		return err
	}
	tokens := strings.SplitN(err.Error(), ": ", 3)
	if len(tokens) != 3 {
		return fmt.Errorf("execution error at (%s): %s", filename, err)
	}
	location := tokens[1]
	msg := tokens[2]
	if m := errRegexp.FindStringSubmatch(msg); len(m) == 2 {
		msg = m[1]
	}
	return fmt.Errorf("execution error at (%s): %s", location, msg)
}

type engine struct {
	strict, lint bool
}

func (e *engine) funcMap(t *template.Template, included map[string]int) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toYaml": func(v interface{}) string {
			data, err := yaml.Marshal(v)
			if err != nil {
				return ""
			}
			return strings.TrimSuffix(string(data), "\n")
		},
		"mustToYaml": func(v interface{}) (string, error) {
			data, err := yaml.Marshal(v)
			return strings.TrimSuffix(string(data), "\n"), err
		},
		"fromYaml": func(str string) map[string]interface{} {
			m := map[string]interface{}{}
			if err := yaml.Unmarshal([]byte(str), &m); err != nil {
				m["Error"] = err.Error()
			}
			return m
		},
		"fromYamlArray": func(str string) []interface{} {
			a := []interface{}{}
			if err := yaml.Unmarshal([]byte(str), &a); err != nil {
				a = []interface{}{err.Error()}
			}
			return a
		},
		"toJson": func(v interface{}) string {
			data, err := json.Marshal(v)
			if err != nil {
				return ""
			}
			return string(data)
		},
		"mustToJson": func(v interface{}) (string, error) {
			data, err := json.Marshal(v)
			return string(data), err
		},
		"fromJson": func(str string) map[string]interface{} {
			m := map[string]interface{}{}
			if err := json.Unmarshal([]byte(str), &m); err != nil {
				m["Error"] = err.Error()
			}
			return m
		},
		"fromJsonArray": func(str string) []interface{} {
			a := []interface{}{}
			if err := json.Unmarshal([]byte(str), &a); err != nil {
				a = []interface{}{err.Error()}
			}
			return a
		},
		"toToml": func(interface{}) (string, error) {
			return "", errors.New("toToml is not implemented by helm-render")
		},
		"required": func(warn string, val interface{}) (interface{}, error) {
			missing := val == nil
			if s, ok := val.(string); ok && s == "" {
				missing = true
			}
			if !missing {
				return val, nil
			}
			if e.lint {
				log.Printf("[INFO] Missing required value: %s", warn)
				return "", nil
			}
			return val, errors.New(warnWrap(warn))
		},
		"fail": func(msg string) (string, error) {
			if e.lint {
				log.Printf("[INFO] Fail: %s", msg)
				return "", nil
			}
			return "", errors.New(warnWrap(msg))
		},
		// `helm template` has no cluster: lookup finds nothing.
		"lookup": func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
		"include": e.includeFun(t, included),
		"tpl":     e.tplFun(t, included),
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

const recursionMaxNums = 1000

func (e *engine) includeFun(t *template.Template, included map[string]int) func(string, interface{}) (string, error) {
	return func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		if v, ok := included[name]; ok {
			if v > recursionMaxNums {
				return "", fmt.Errorf("unable to execute template: rendering template has a nested reference name: %s", name)
			}
			included[name]++
		} else {
			included[name] = 1
		}
		err := t.ExecuteTemplate(&buf, name, data)
		included[name]--
		return buf.String(), err
	}
}

func (e *engine) missingKey() string {
	if e.strict {
		return "missingkey=error"
	}
	return "missingkey=zero"
}

func (e *engine) tplFun(parent *template.Template, included map[string]int) func(string, interface{}) (string, error) {
	return func(tpl string, vals interface{}) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option(e.missingKey())
		t.Funcs(template.FuncMap{"include": e.includeFun(t, included), "tpl": e.tplFun(t, included)})
		t, err = t.New(parent.Name()).Parse(tpl)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", tpl, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", tpl, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}

type manifest struct {
	Source     string                 `json:"source"`
	Kind       string                 `json:"kind"`
	Name       string                 `json:"name"`
	Hook       string                 `json:"hook,omitempty"`
	Content    string                 `json:"content"`
	Parsed     map[string]interface{} `json:"-"`
	orderIndex int
}

var docSep = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

func run(args []string) error {
	o, err := parseArgs(args)
	if err != nil {
		return err
	}
	chartYAML, err := os.ReadFile(filepath.Join(o.chartDir, "Chart.yaml"))
	if err != nil {
		return fmt.Errorf("not a chart directory: %w", err)
	}
	var meta Metadata
	if err := yaml.Unmarshal(chartYAML, &meta); err != nil {
		return fmt.Errorf("Chart.yaml: %w", err)
	}
	if meta.APIVersion == "" || meta.Name == "" || meta.Version == "" {
		return errors.New("Chart.yaml: apiVersion, name and version are required")
	}
	if _, err := semver.StrictNewVersion(meta.Version); err != nil {
		return fmt.Errorf("Chart.yaml: version %q is not semver: %w", meta.Version, err)
	}
	if meta.Type != "" && meta.Type != "application" {
		return fmt.Errorf("Chart.yaml: only application charts render (type %q)", meta.Type)
	}

	kv, err := semver.NewVersion(o.kubeVersion)
	if err != nil {
		return fmt.Errorf("--kube-version %q: %w", o.kubeVersion, err)
	}
	if meta.KubeVersion != "" {
		c, err := semver.NewConstraint(meta.KubeVersion)
		if err != nil {
			return fmt.Errorf("Chart.yaml: kubeVersion %q: %w", meta.KubeVersion, err)
		}
		if !c.Check(kv) {
			return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", meta.KubeVersion, o.kubeVersion)
		}
	}

	defaultsYAML, err := os.ReadFile(filepath.Join(o.chartDir, "values.yaml"))
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	defaults, err := readValues(defaultsYAML)
	if err != nil {
		return fmt.Errorf("values.yaml: %w", err)
	}
	user := map[string]interface{}{}
	for _, f := range o.valueFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		v, err := readValues(data)
		if err != nil {
			return fmt.Errorf("failed to parse %s: %w", f, err)
		}
		user = mergeMaps(user, v)
	}
	for _, s := range o.setJSON {
		if err := setJSONValue(user, s); err != nil {
			return err
		}
	}
	values := coalesce(user, defaults)

	// The chart's files: templates (every file under templates/) and .Files (the rest).
	templates := map[string]string{}
	files := Files{}
	err = filepath.Walk(o.chartDir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(o.chartDir, p)
		rel = filepath.ToSlash(rel)
		if info.IsDir() {
			if rel == "charts" {
				return errors.New("subcharts (charts/) are not supported by helm-render")
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(rel, "templates/"):
			templates[meta.Name+"/"+rel] = string(data)
		case rel == "Chart.yaml" || rel == "values.yaml" || rel == "values.schema.json" || rel == "Chart.lock" || rel == "requirements.yaml" || rel == ".helmignore":
		default:
			files[rel] = data
		}
		return nil
	})
	if err != nil {
		return err
	}

	major := fmt.Sprint(kv.Major())
	minor := fmt.Sprint(kv.Minor())
	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": o.name, "Namespace": o.namespace, "Revision": 1,
			"IsUpgrade": false, "IsInstall": true, "Service": "Helm",
		},
		"Chart": &meta,
		"Capabilities": &Capabilities{
			KubeVersion: KubeVersion{Version: "v" + kv.String(), Major: major, Minor: minor, GitVersion: "v" + kv.String()},
			APIVersions: defaultAPIVersions,
			HelmVersion: HelmVersion{Version: "v3-compatible (helm-render)"},
		},
		"Files":     files,
		"Subcharts": map[string]interface{}{},
	}

	e := &engine{strict: o.strict, lint: o.lint}
	t := template.New("gotpl")
	t.Option(e.missingKey())
	included := map[string]int{}
	t.Funcs(e.funcMap(t, included))

	names := make([]string, 0, len(templates))
	for name := range templates {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := t.New(name).Parse(templates[name]); err != nil {
			return fmt.Errorf("parse error in %q: %w", name, err)
		}
	}

	basePath := meta.Name + "/templates"
	rendered := map[string]string{}
	for _, name := range names {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") {
			continue // partials only define templates
		}
		vals := make(map[string]interface{}, len(top)+1)
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{"Name": name, "BasePath": basePath}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, name, vals); err != nil {
			return cleanupExecError(name, err)
		}
		rendered[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}

	notesName := basePath + "/NOTES.txt"
	notes := rendered[notesName]
	var manifests, hooks []manifest
	for _, name := range names {
		content, ok := rendered[name]
		if !ok || name == notesName || strings.TrimSpace(content) == "" {
			continue
		}
		if !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") && !strings.HasSuffix(name, ".tpl") {
			// helm renders every file under templates/ as a manifest; warn on odd extensions.
			log.Printf("warning: %s is not a .yaml file but is rendered as a manifest", name)
		}
		for _, doc := range docSep.Split(content, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			doc = strings.TrimSpace(doc)
			var parsed map[string]interface{}
			if err := yaml.Unmarshal([]byte(doc), &parsed); err != nil {
				return fmt.Errorf("YAML parse error on %s: %w", name, err)
			}
			if parsed == nil {
				continue // a document of comments only
			}
			m := manifest{Source: name, Content: doc, Parsed: parsed}
			m.Kind, _ = parsed["kind"].(string)
			if md, ok := parsed["metadata"].(map[string]interface{}); ok {
				m.Name, _ = md["name"].(string)
				if ann, ok := md["annotations"].(map[string]interface{}); ok {
					m.Hook, _ = ann["helm.sh/hook"].(string)
				}
			}
			m.orderIndex = len(installOrder)
			for i, k := range installOrder {
				if k == m.Kind {
					m.orderIndex = i
				}
			}
			if m.Hook != "" {
				hooks = append(hooks, m)
			} else {
				manifests = append(manifests, m)
			}
		}
	}
	sort.SliceStable(manifests, func(i, j int) bool {
		if manifests[i].orderIndex != manifests[j].orderIndex {
			return manifests[i].orderIndex < manifests[j].orderIndex
		}
		return manifests[i].Name < manifests[j].Name
	})
	all := append(manifests, hooks...)

	if o.output == "json" {
		out, err := json.MarshalIndent(map[string]interface{}{"manifests": all, "notes": notes}, "", "  ")
		if err != nil {
			return err
		}
		os.Stdout.Write(append(out, '\n'))
		return nil
	}
	var buf bytes.Buffer
	for _, m := range all {
		fmt.Fprintf(&buf, "---\n# Source: %s\n%s\n", m.Source, m.Content)
	}
	os.Stdout.Write(buf.Bytes())
	return nil
}
