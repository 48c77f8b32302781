// Command injector executes an istio-sidecar-injector template the way Istio's 0.8 and 1.0 injectors do:
// Go text/template with [[ ]] delimiters, the injector's function map, and the data
// {ObjectMeta, Spec, ProxyConfig, MeshConfig (, DeploymentMeta)}. The "istiod" flavour executes template text
// the way today's injector does for the parts the tests use: {{ }} delimiters, the annotation helper, and the
// data {ObjectMeta, Values} where Values is the ConfigMap's data.values JSON, decoded into generic maps. It reads one JSON request on stdin and
// writes the executed template on stdout. It has no dependencies outside Go's standard library; the
// helper functions below are written from the behaviour documented for those injector versions.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// ContainerPort mirrors the fields of a Kubernetes container port the templates read.
type ContainerPort struct {
	Name          string `json:"name"`
	ContainerPort int32  `json:"containerPort"`
	Protocol      string `json:"protocol"`
}

// Container mirrors the fields of a Kubernetes container the templates read.
type Container struct {
	Name  string          `json:"name"`
	Ports []ContainerPort `json:"ports"`
}

// PodSpec mirrors the fields of a Kubernetes pod spec the templates read.
type PodSpec struct {
	Containers         []Container `json:"containers"`
	ServiceAccountName string      `json:"serviceAccountName"`
}

// ObjectMeta mirrors the fields of Kubernetes object metadata the templates read.
type ObjectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

// Enum stands in for a protobuf enum: printing it or calling .String gives its name.
type Enum string

// String returns the enum's name, as a generated protobuf enum does.
func (e Enum) String() string { return string(e) }

// Duration stands in for a protobuf Duration; JSON carries it as a Go duration string ("45s").
type Duration struct{ D time.Duration }

// UnmarshalJSON reads a Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	d.D = v
	return err
}

// ProxyConfig holds the mesh's proxy settings the templates read.
type ProxyConfig struct {
	ConfigPath             string    `json:"configPath"`
	BinaryPath             string    `json:"binaryPath"`
	DrainDuration          *Duration `json:"drainDuration"`
	ParentShutdownDuration *Duration `json:"parentShutdownDuration"`
	DiscoveryAddress       string    `json:"discoveryAddress"`
	DiscoveryRefreshDelay  *Duration `json:"discoveryRefreshDelay"`
	ZipkinAddress          string    `json:"zipkinAddress"`
	ConnectTimeout         *Duration `json:"connectTimeout"`
	StatsdUdpAddress       string    `json:"statsdUdpAddress"`
	ProxyAdminPort         int32     `json:"proxyAdminPort"`
	Concurrency            int32     `json:"concurrency"`
	ControlPlaneAuthPolicy Enum      `json:"controlPlaneAuthPolicy"`
	InterceptionMode       Enum      `json:"interceptionMode"`
}

// MeshConfig holds the mesh settings the templates read.
type MeshConfig struct {
	ProxyListenPort int32 `json:"proxyListenPort"`
}

// DeploymentMeta is the 1.0 injector's view of the owning workload.
type DeploymentMeta struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

type data08 struct {
	ObjectMeta  ObjectMeta
	Spec        PodSpec
	ProxyConfig ProxyConfig
	MeshConfig  MeshConfig
}

type data10 struct {
	DeploymentMeta DeploymentMeta
	ObjectMeta     ObjectMeta
	Spec           PodSpec
	ProxyConfig    ProxyConfig
	MeshConfig     MeshConfig
}

type dataIstiod struct {
	ObjectMeta ObjectMeta
	Values     map[string]interface{}
}

type request struct {
	Values         json.RawMessage `json:"values"`
	Flavour        string          `json:"flavour"`
	Template       string          `json:"template"`
	ObjectMeta     ObjectMeta      `json:"objectMeta"`
	Spec           PodSpec         `json:"spec"`
	ProxyConfig    ProxyConfig     `json:"proxyConfig"`
	MeshConfig     MeshConfig      `json:"meshConfig"`
	DeploymentMeta DeploymentMeta  `json:"deploymentMeta"`
}

// isset reports whether key is present in m, even with an empty value.
func isset(m map[string]string, key string) bool {
	_, found := m[key]
	return found
}

// formatDuration prints a duration the way Go's time.Duration does ("1m30s").
func formatDuration(d *Duration) string {
	if d == nil {
		return time.Duration(0).String()
	}
	return d.D.String()
}

// annotation returns the pod annotation named key whenever it exists (even when empty), else fallback printed.
func annotation(meta ObjectMeta, key string, fallback interface{}) string {
	if v, found := meta.Annotations[key]; found {
		return v
	}
	return fmt.Sprint(fallback)
}

// portsOf lists the container ports of the containers keep accepts, in pod order, joined by ",".
func portsOf(containers []Container, keep func(Container) bool) string {
	var out []string
	for _, c := range containers {
		if !keep(c) {
			continue
		}
		for _, p := range c.Ports {
			out = append(out, strconv.Itoa(int(p.ContainerPort)))
		}
	}
	return strings.Join(out, ",")
}

// includeInboundPorts lists every container port of the pod.
func includeInboundPorts(containers []Container) string {
	return portsOf(containers, func(Container) bool { return true })
}

// applicationPorts lists the ports of every container except the sidecar itself.
func applicationPorts(containers []Container) string {
	return portsOf(containers, func(c Container) bool { return c.Name != "istio-proxy" })
}

// excludeInboundPort adds port to the comma-separated list unless it is empty, "0" or already listed;
// empty items of the list are dropped when the port is added.
func excludeInboundPort(port interface{}, list string) string {
	p := strings.TrimSpace(fmt.Sprint(port))
	if p == "" || p == "0" {
		return list
	}
	kept := []string{}
	for _, item := range strings.Split(list, ",") {
		if item == p {
			return list
		}
		if t := strings.TrimSpace(item); t != "" {
			kept = append(kept, t)
		}
	}
	return strings.Join(append(kept, p), ",")
}

// valueOrDefault returns fallback when value is nil or the empty string.
func valueOrDefault(value interface{}, fallback interface{}) interface{} {
	if value == nil || value == "" {
		return fallback
	}
	return value
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var req request
	if err := json.Unmarshal(in, &req); err != nil {
		fmt.Fprintln(os.Stderr, "bad request:", err)
		os.Exit(2)
	}
	funcs := template.FuncMap{"isset": isset, "formatDuration": formatDuration}
	var data interface{} = data08{req.ObjectMeta, req.Spec, req.ProxyConfig, req.MeshConfig}
	switch req.Flavour {
	case "0.8":
	case "1.0":
		funcs["annotation"] = annotation
		funcs["includeInboundPorts"] = includeInboundPorts
		funcs["excludeInboundPort"] = excludeInboundPort
		funcs["applicationPorts"] = applicationPorts
		funcs["valueOrDefault"] = valueOrDefault
		data = data10{req.DeploymentMeta, req.ObjectMeta, req.Spec, req.ProxyConfig, req.MeshConfig}
	case "istiod":
		var values map[string]interface{}
		if err := json.Unmarshal(req.Values, &values); err != nil {
			fmt.Fprintln(os.Stderr, "bad values JSON:", err)
			os.Exit(2)
		}
		funcs = template.FuncMap{"annotation": annotation}
		data = dataIstiod{req.ObjectMeta, values}
	default:
		fmt.Fprintln(os.Stderr, "unknown flavour", req.Flavour)
		os.Exit(2)
	}
	left, right := "[[", "]]"
	if req.Flavour == "istiod" {
		left, right = "{{", "}}"
	}
	t, err := template.New("inject").Delims(left, right).Funcs(funcs).Parse(req.Template)
	if err != nil {
		fmt.Fprintln(os.Stderr, "parse:", err)
		os.Exit(1)
	}
	if err := t.Execute(os.Stdout, data); err != nil {
		fmt.Fprintln(os.Stderr, "execute:", err)
		os.Exit(1)
	}
}
