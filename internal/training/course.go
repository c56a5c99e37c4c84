package training

import "time"

// Course is a course of a programme's training.
type Course struct {
	Key         int64     `json:"key"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
}
