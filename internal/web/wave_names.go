package web

import (
	"net/http"
	"sync"

	"github.com/udrul/udrul/internal/model"
)

// programmeWaves are the wave names of the programme a page is under
// (/programmes/{key}/…). Every such page gets them as .WaveNames
// (withSession), so that templates show a wave the one way views that
// carry their programme's model.WaveNames do: {{$.WaveNames.Short .Wave}}
// or {{$.WaveNames.Label .Wave}}. They are read from the database only
// when the page shows a wave, so pages without waves pay nothing.
type programmeWaves struct {
	load  func() (model.WaveNames, error)
	once  sync.Once
	names model.WaveNames
	err   error
}

func (p *programmeWaves) get() (model.WaveNames, error) {
	p.once.Do(func() { p.names, p.err = p.load() })
	return p.names, p.err
}

// Label is model.WaveNames.Label for the page's programme.
func (p *programmeWaves) Label(n int) (string, error) {
	ws, err := p.get()
	return ws.Label(n), err
}

// Short is model.WaveNames.Short for the page's programme.
func (p *programmeWaves) Short(n int) (string, error) {
	ws, err := p.get()
	return ws.Short(n), err
}

// pageWaveNames are the wave names of the programme of the page w answers
// (none outside a programme), for text a handler makes (a page's title).
func pageWaveNames(w http.ResponseWriter) (model.WaveNames, error) {
	if sw := sessionOf(w); sw != nil && sw.waves != nil {
		return sw.waves.get()
	}
	return nil, nil
}
